import Foundation
import Testing
import TestSupport
@testable import AWSCore

/// The AWS JSON 1.0 (DynamoDB) and 1.1 (Secrets Manager) wire protocols, sent by ``AWSClient``
/// to moto, which routes them by `X-Amz-Target` and authenticates every request by recomputing
/// its SigV4 signature with botocore (`Tests/Oracles/moto_fixture.py`).
@Suite struct AWSClientProtocolTests {
    static let dynamoDB = AWSService(name: "DynamoDB", signingName: "dynamodb", endpointPrefix: "dynamodb", endpointVariableSuffix: "DYNAMODB")
    static let secretsManager = AWSService(
        name: "SecretsManager", signingName: "secretsmanager", endpointPrefix: "secretsmanager", endpointVariableSuffix: "SECRETS_MANAGER")

    /// Who signs: the IAM user's long-term key, or an assumed role's session (with `X-Amz-Security-Token`).
    enum Signer: CaseIterable {
        case user, session
    }

    static var deadline: ContinuousClock.Instant { .now + .seconds(20) }

    static func client(for service: AWSService, at moto: MotoServer, credentials: AWSCredentials) -> AWSClient {
        AWSClient(configuration: AWSClientConfiguration(service: service, region: moto.region, credentials: credentials, endpoint: moto.endpoint))
    }

    static func credentials(of signer: Signer, at moto: MotoServer) -> AWSCredentials {
        switch signer {
        case .user: moto.userCredentials
        case .session: moto.sessionCredentials
        }
    }

    /// The JSON object of an answer's body.
    static func object(_ response: AWSResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.http.body)) as? [String: Any])
    }

    static func describeTable(_ name: String, endpoint: String) -> AWSRequest {
        .awsJSON10(operation: "DescribeTable", targetPrefix: "DynamoDB_20120810", endpoint: endpoint,
                   body: Array(#"{"TableName":"\#(name)"}"#.utf8), isIdempotent: true)
    }

    @Test(arguments: Signer.allCases)
    func awsJSON10CallIsAnsweredByTheOperationItNames(signer: Signer) throws {
        let moto = try MotoServer.shared()
        let client = Self.client(for: Self.dynamoDB, at: moto, credentials: Self.credentials(of: signer, at: moto))

        let response = try client.send(
            .awsJSON10(operation: "ListTables", targetPrefix: "DynamoDB_20120810", endpoint: moto.endpoint, body: Array("{}".utf8), isIdempotent: true),
            deadline: Self.deadline)

        #expect(response.http.status == 200)
        #expect(response.attempts == 1)
        #expect(response.http.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(try Self.object(response)["TableNames"] is [Any])
    }

    @Test(arguments: Signer.allCases)
    func awsJSON11CallIsAnsweredByTheOperationItNames(signer: Signer) throws {
        let moto = try MotoServer.shared()
        let client = Self.client(for: Self.secretsManager, at: moto, credentials: Self.credentials(of: signer, at: moto))

        let response = try client.send(
            .awsJSON11(operation: "ListSecrets", targetPrefix: "secretsmanager", endpoint: moto.endpoint, body: Array("{}".utf8), isIdempotent: true),
            deadline: Self.deadline)

        #expect(response.http.status == 200)
        #expect(response.attempts == 1)
        #expect(try Self.object(response)["SecretList"] is [Any])
    }

    @Test func awsJSON10ErrorAnswerIsAServiceErrorWithItsCode() throws {
        let moto = try MotoServer.shared()
        let client = Self.client(for: Self.dynamoDB, at: moto, credentials: moto.userCredentials)

        let error = try #require(throws: AWSServiceError.self) {
            try client.send(Self.describeTable("no-such-table", endpoint: moto.endpoint), deadline: Self.deadline)
        }

        #expect(error.service == "DynamoDB")
        #expect(error.operation == "DescribeTable")
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message == "Requested resource not found: Table: no-such-table not found")
        #expect(error.httpStatus == 400)
        #expect(error.serviceResponse?.requestID != nil)
        #expect(!error.isRetryable)
        #expect(!error.mayHaveBeenSent)
        #expect(error.attempts == 1)
    }

    /// Proof that the tests above exercise signature checking for these services too: moto refuses
    /// a call signed with the wrong secret.
    @Test func wrongSecretIsSignatureDoesNotMatchWithoutRetrying() throws {
        let moto = try MotoServer.shared()
        var credentials = moto.userCredentials
        credentials.secretAccessKey = String(credentials.secretAccessKey.reversed())
        let client = Self.client(for: Self.dynamoDB, at: moto, credentials: credentials)

        let error = try #require(throws: AWSServiceError.self) {
            try client.send(Self.describeTable("no-such-table", endpoint: moto.endpoint), deadline: Self.deadline)
        }

        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.httpStatus == 403)
        #expect(!error.isRetryable)
        #expect(error.attempts == 1)
    }
}
