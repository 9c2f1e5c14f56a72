import Testing
import TestSupport

/// What cfn-lint does not check in the delivery events part of `template.yaml`
/// (`Tests/Oracles/delivery_events_template.py` reads it).
@Suite struct DeliveryEventTemplateTests {
    struct Facts: Decodable {
        struct EventTypes: Decodable { var condition: String; var withOpensAndClicks: [String]; var `default`: [String] }
        struct Alarm: Decodable, Hashable { var metric: String; var threshold: Double; var namespace: String }
        var eventTypes: EventTypes
        var suppressedReasons: [[String]]
        var reputationAlarms: [Alarm]
        var environment: [String]
        var testOnlyNames: [String]
    }

    static let facts = Result { try PythonOracle.decode(Facts.self, from: "delivery_events_template.py") }

    @Test func theEventDestinationPublishesTheDocumentedLowerCamelCaseTypes() throws {
        let types = try Self.facts.get().eventTypes
        #expect(types.default == ["send", "delivery", "bounce", "complaint", "reject", "deliveryDelay"])
        #expect(types.withOpensAndClicks == types.default + ["open", "click"])
        #expect(types.condition == "TracksOpensAndClicks")
    }

    @Test func hardBouncesAndComplaintsAreSuppressed() throws {
        #expect(try Self.facts.get().suppressedReasons == [["BOUNCE", "COMPLAINT"]])
    }

    @Test func reputationWarningsComeBeforeTheLevelsAWSReviewsAt() throws {
        let alarms = Set(try Self.facts.get().reputationAlarms)
        #expect(alarms == [
            .init(metric: "Reputation.BounceRate", threshold: 0.02, namespace: "AWS/SES"),
            .init(metric: "Reputation.BounceRate", threshold: 0.05, namespace: "AWS/SES"),
            .init(metric: "Reputation.ComplaintRate", threshold: 0.0005, namespace: "AWS/SES"),
            .init(metric: "Reputation.ComplaintRate", threshold: 0.001, namespace: "AWS/SES"),
        ])
    }

    /// The setting that lets tests call a loopback webhook over http cannot be set by a deployment:
    /// the template names no NOTIFIER_TEST_ONLY_ variable, and the function's variables are a fixed list.
    @Test func theTestOnlyWebhookSettingCannotBeSetFromTheTemplate() throws {
        let facts = try Self.facts.get()
        #expect(facts.testOnlyNames.isEmpty)
        #expect(facts.environment.allSatisfy { $0.hasPrefix("NOTIFIER_") && !$0.contains("TEST") })
        #expect(facts.environment.contains("NOTIFIER_STATUS_TABLE"))
    }
}
