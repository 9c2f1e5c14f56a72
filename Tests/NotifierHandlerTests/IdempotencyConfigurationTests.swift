import EmailKit
import Testing
@testable import NotifierHandler

/// `NOTIFIER_IDEMPOTENCY_TABLE` and its settings as the configuration reads them.
@Suite struct IdempotencyConfigurationTests {
    static let base = [
        "AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
        "NOTIFIER_DEFAULT_FROM": "a@example.com", "AWS_LAMBDA_FUNCTION_NAME": "notifier-prod",
    ]

    static func configuration(_ extra: [String: String]) throws(ConfigurationError) -> NotifierConfiguration {
        try NotifierConfiguration(environment: base.merging(extra) { $1 })
    }

    @Test func unsetTableMeansNoStore() throws {
        #expect(try Self.configuration([:]).idempotency == nil)
    }

    @Test func tableReadsDynamoDBFromTheAWSVariablesWithASevenDayDefault() throws {
        let idempotency = try #require(try Self.configuration(["NOTIFIER_IDEMPOTENCY_TABLE": "notifier-idempotency"]).idempotency)
        #expect(idempotency.table == "notifier-idempotency")
        #expect(idempotency.functionName == "notifier-prod")
        #expect(idempotency.retention == .seconds(604_800))
        #expect(idempotency.dynamoDB.endpoint == "https://dynamodb.eu-west-1.amazonaws.com")
    }

    @Test func dynamoDBEndpointVariableIsHonoured() throws {
        let idempotency = try #require(try Self.configuration([
            "NOTIFIER_IDEMPOTENCY_TABLE": "t-1", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:4566", "NOTIFIER_IDEMPOTENCY_TTL_SECONDS": "3600",
        ]).idempotency)
        #expect(idempotency.dynamoDB.endpoint == "http://127.0.0.1:4566")
        #expect(idempotency.retention == .seconds(3600))
    }

    @Test(arguments: ["ab", "has space", "ümlaut-table", String(repeating: "x", count: 256)])
    func tableNamesDynamoDBWouldRefuseAreAConfigurationError(name: String) {
        #expect(throws: ConfigurationError.self) { try Self.configuration(["NOTIFIER_IDEMPOTENCY_TABLE": name]) }
    }

    @Test func aTableWithoutAFunctionNameIsRefusedNamingTheVariable() {
        var environment = Self.base
        environment["AWS_LAMBDA_FUNCTION_NAME"] = nil
        environment["NOTIFIER_IDEMPOTENCY_TABLE"] = "notifier-idempotency"
        let error = #expect(throws: ConfigurationError.self) { try NotifierConfiguration(environment: environment) }
        #expect(error?.variable == "AWS_LAMBDA_FUNCTION_NAME")
    }

    @Test(arguments: ["59", "31536001", "a week"])
    func retentionOutsideItsRangeIsRefused(value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Self.configuration(["NOTIFIER_IDEMPOTENCY_TABLE": "t-1", "NOTIFIER_IDEMPOTENCY_TTL_SECONDS": value])
        }
        #expect(error?.variable == "NOTIFIER_IDEMPOTENCY_TTL_SECONDS")
    }

    @Test func payloadHashIgnoresTheKeyAndEmptyBodiesButNotTheContent() throws {
        let from = try EmailAddress(parsing: "a@example.com")
        let to = try EmailAddress(parsing: "b@example.org")
        let email = PreparedEmail(message: .init(from: from, to: [to], subject: "Hi", textBody: "Body", htmlBody: ""), configurationSet: nil, idempotencyKey: "k1")
        var sameWithOtherKey = email
        sameWithOtherKey.idempotencyKey = "k2"
        sameWithOtherKey.message.htmlBody = nil
        var otherSubject = email
        otherSubject.message.subject = "Hi!"

        #expect(email.payloadHash.count == 64)
        #expect(email.payloadHash == sameWithOtherKey.payloadHash)
        #expect(email.payloadHash != otherSubject.payloadHash)
    }
}

