import Testing
@testable import NotifierHandler

@Suite struct NotifierConfigurationTests {
    static let ses = ["AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"]

    func problem(_ environment: [String: String]) -> ConfigurationError? {
        do {
            _ = try NotifierConfiguration(environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsTheSESTransportFromTheStandardAWSVariables() throws {
        let configuration = try NotifierConfiguration(environment: Self.ses.merging(["NOTIFIER_DEFAULT_FROM": "a@example.com"]) { $1 })
        guard case .ses(let ses) = configuration.transport else {
            Issue.record("expected SES"); return
        }
        #expect(ses.endpoint == "https://email.eu-west-1.amazonaws.com")
        #expect(ses.credentials.accessKeyID == "AKIDEXAMPLE")
        #expect(configuration.senderPolicy.allows(try .init(parsing: "a@example.com")))
        #expect(!configuration.senderPolicy.allows(try .init(parsing: "b@example.com")))
    }

    @Test func withoutAnAllowListOnlyTheDefaultSenderIsAllowed() throws {
        let configuration = try NotifierConfiguration(environment: ["NOTIFIER_OUTBOX_DIR": "/tmp/x", "NOTIFIER_DEFAULT_FROM": "Alerts <alerts@example.com>"])
        #expect(configuration.senderPolicy == SenderPolicy(addresses: ["alerts@example.com"], domains: []))
    }

    @Test func noSenderAtAllIsAnInitErrorNamingTheVariables() {
        #expect(problem(Self.ses)?.variable == "NOTIFIER_ALLOWED_SENDERS")
    }

    @Test(arguments: [
        ("NOTIFIER_DEFAULT_FROM", "not an address"),
        ("NOTIFIER_ALLOWED_SENDERS", "ok@example.com, @"),
        ("NOTIFIER_MAX_CONCURRENT_SENDS", "0"),
        ("NOTIFIER_MAX_REQUEST_BYTES", "lots"),
        ("NOTIFIER_CONFIGURATION_SET", "has spaces"),
        ("AWS_ENDPOINT_URL_SESV2", "ftp://example.com"),
    ])
    func invalidSettingsAreNamed(variable: String, value: String) {
        var environment = Self.ses
        environment["NOTIFIER_DEFAULT_FROM"] = "a@example.com"
        environment[variable] = value
        #expect(problem(environment)?.variable == variable)
    }

    @Test(arguments: ["AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
    func missingAWSSettingsAreNamed(variable: String) {
        var environment = Self.ses
        environment["NOTIFIER_DEFAULT_FROM"] = "a@example.com"
        environment[variable] = nil
        #expect(problem(environment)?.variable == variable)
    }

    @Test func theOutboxNeedsNoAWSSettings() throws {
        let configuration = try NotifierConfiguration(environment: ["NOTIFIER_OUTBOX_DIR": "/tmp/outbox", "NOTIFIER_DEFAULT_FROM": "a@example.com"])
        guard case .outbox(let directory) = configuration.transport else {
            Issue.record("expected the outbox"); return
        }
        #expect(directory == "/tmp/outbox")
    }
}
