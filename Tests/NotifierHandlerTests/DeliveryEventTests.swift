import ByteEncoding
import Foundation
import JSON
import LoopbackHTTP
import Testing
import TestSupport
@testable import NotifierHandler

/// SES's events after a send: recognised in every shape AWS documents, recorded by the real
/// `bootstrap` in moto's DynamoDB (SigV4 checked), read back through the status API, posted to
/// signed status webhooks whose signatures two independent implementations check.
@Suite struct DeliveryEventTests {
    static let secret = "whsec_" + Data("a status webhook key of 32 bytes".utf8).base64EncodedString()

    // MARK: Fixtures

    /// A fixture of `Fixtures/ses-events`, about `messageID`.
    static func fixture(_ name: String, messageID: String = "0100018f-example-000000") throws -> Data {
        let url = Fixtures.packageRoot.appending(path: "Tests/NotifierHandlerTests/Fixtures/ses-events/\(name).json")
        return Data(try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "MESSAGE_ID", with: messageID).utf8)
    }

    static let fixtureStatuses: [(String, MessageStatus?, String)] = [
        ("sns-send", .sent, "Send"), ("sns-delivery", .delivered, "Delivery"), ("sns-delivery-delay", .delayed, "DeliveryDelay"),
        ("sns-bounce-permanent", .bounced, "Bounce"), ("sns-bounce-transient", .bounced, "Bounce"),
        ("sns-bounce-suppressed", .suppressed, "Bounce"), ("sns-complaint", .complained, "Complaint"),
        ("sns-reject", .rejected, "Reject"), ("sns-notification-bounce", .bounced, "Bounce"),
        ("eventbridge-delivery", .delivered, "Delivery"), ("eventbridge-bounce-permanent", .bounced, "Bounce"),
    ]

    @Test(arguments: fixtureStatuses)
    func everyDocumentedShapeIsADeliveryEventNotAMessage(_ name: String, _ status: MessageStatus?, _ type: String) throws {
        let event = try InvocationEvent.recognise(try JSONParser.parse(Array(Self.fixture(name))))
        guard case .deliveryEvents(let envelopes) = event else {
            Issue.record("\(name) was recognised as \(event)")
            return
        }
        let parsed = try SESEvent(try #require(envelopes.first).event)
        #expect(parsed.status == status)
        #expect(parsed.type == type)
        #expect(parsed.messageID == "0100018f-example-000000")
    }

    @Test func aBounceKeepsItsDiagnosticAndOnlyTheDomainsOfItsRecipients() throws {
        let event = try InvocationEvent.recognise(try JSONParser.parse(Array(Self.fixture("sns-bounce-permanent"))))
        guard case .deliveryEvents(let envelopes) = event else { Issue.record("not a delivery event"); return }
        let bounce = try SESEvent(envelopes[0].event)
        #expect(bounce.bounceType == "Permanent" && bounce.bounceSubType == "General")
        #expect(bounce.diagnosticCode == "smtp; 550 5.1.1 user unknown")
        #expect(bounce.affectedDomains == ["example.org"])
        #expect(bounce.configurationSet == "notifier-events")
    }

    // MARK: Through bootstrap

    func function(_ extra: [String: String] = [:], hosts: [String: String] = [:]) throws -> FunctionUnderTest {
        let moto = try MotoServer.shared()
        var environment = ["NOTIFIER_STATUS_TABLE": moto.statusTable, "AWS_ENDPOINT_URL_DYNAMODB": moto.endpoint]
        environment.merge(extra) { $1 }
        return try FunctionUnderTest(environment: environment, hosts: hosts)
    }

    func send(_ function: FunctionUnderTest, _ message: String) throws -> String {
        let response = try JSONParser.parse(Array(function.invoke(Data(message.utf8)).response ?? Data()))
        return try #require(response["messageId"]?.stringValue, "not sent: \(response)")
    }

    /// `GET path` through the REST API event, the status code and the parsed body.
    func get(_ function: FunctionUnderTest, resource: String, path: String, pathParameters: [String: String] = [:], query: [String: String] = [:]) throws -> (Int, JSONValue) {
        let event: [String: Any] = [
            "resource": resource, "path": path, "httpMethod": "GET", "headers": ["x-api-key": "k"],
            "pathParameters": pathParameters.isEmpty ? NSNull() : pathParameters,
            "queryStringParameters": query.isEmpty ? NSNull() : query,
            "requestContext": ["requestId": UUID().uuidString, "resourcePath": resource, "httpMethod": "GET"],
            "body": NSNull(), "isBase64Encoded": false,
        ]
        let response = try JSONParser.parse(Array(function.invoke(try JSONSerialization.data(withJSONObject: event)).response ?? Data()))
        let status = Int(response["statusCode"].flatMap { if case .number(let n) = $0 { n } else { nil } } ?? "") ?? 0
        return (status, try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8)))
    }

    func status(_ function: FunctionUnderTest, _ messageID: String) throws -> JSONValue {
        let (code, body) = try get(function, resource: "/messages/{messageId}", path: "/messages/\(messageID)", pathParameters: ["messageId": messageID])
        #expect(code == 200, "\(body)")
        return body
    }

    @Test func outOfOrderAndRepeatedEventsLeaveTheHighestStatusAndOneTimelineEntryEach() throws {
        let function = try function()
        let key = "order-\(UUID().uuidString)"
        let id = try send(function, #"{"to": ["ada@example.org"], "subject": "s", "text": "t", "idempotencyKey": "\#(key)", "tags": {"kind": "order"}}"#)
        #expect(try status(function, id)["status"] == "sent")

        for name in ["sns-delivery-delay", "sns-bounce-permanent", "eventbridge-delivery", "sns-bounce-permanent", "sns-delivery"] {
            let outcome = try function.invoke(Self.fixture(name, messageID: id))
            #expect(outcome.error == nil, "\(name): \(String(describing: outcome.error))\n\(function.log)")
        }
        let record = try status(function, id)
        #expect(record["status"] == "bounced")
        let types = record["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue }
        // The replayed bounce is not there twice; the Delivery of SNS and of EventBridge are one event.
        #expect(types == ["accepted", "DeliveryDelay", "Bounce", "Delivery"])
        let bounce = record["events"]?.arrayValue?.first { $0["type"] == "Bounce" }
        #expect(bounce?["diagnosticCode"] == "smtp; 550 5.1.1 user unknown")
        #expect(bounce?["recipientDomains"] == ["example.org"])
        #expect(record["idempotencyKey"] == .string(key))
        #expect(record["tags"] == ["kind": "order"])
        #expect(record["recipients"] == ["ada@example.org"])

        let (code, byKey) = try get(function, resource: "/messages", path: "/messages", query: ["idempotencyKey": key])
        #expect(code == 200)
        #expect(byKey["messageId"] == .string(id))
        // Addresses are in the table and the API, never in the logs.
        #expect(!function.log.contains("ada@example.org"))
        #expect(function.log.contains(#""Bounces":1"#))
    }

    @Test func aSendToASuppressedAddressSurfacesAsSuppressed() throws {
        let function = try function()
        let id = try send(function, #"{"to": "ada@example.org", "subject": "s", "text": "t"}"#)
        _ = try function.invoke(Self.fixture("sns-bounce-suppressed", messageID: id))
        #expect(try status(function, id)["status"] == "suppressed")
    }

    @Test func aComplaintOutranksTheDeliveryBeforeIt() throws {
        let function = try function()
        let id = try send(function, #"{"to": "grace@example.net", "subject": "s", "text": "t"}"#)
        _ = try function.invoke(Self.fixture("sns-complaint", messageID: id))
        _ = try function.invoke(Self.fixture("sns-delivery", messageID: id))
        #expect(try status(function, id)["status"] == "complained")
    }

    @Test func unknownMessagesAreA404AndAMissingKeyA400() throws {
        let function = try function()
        #expect(try get(function, resource: "/messages/{messageId}", path: "/messages/nope", pathParameters: ["messageId": "nope"]).0 == 404)
        #expect(try get(function, resource: "/messages", path: "/messages").0 == 400)
    }

    // MARK: Webhooks

    /// A webhook receiver on loopback that answers with `status` and keeps what it received.
    final class Receiver: @unchecked Sendable {
        let lock = NSLock()
        var received: [HTTPServerRequest] = []
        var status: Int
        var server: HTTPServer!

        init(status: Int) throws {
            self.status = status
            server = try HTTPServer { [unowned self] request in
                lock.lock(); defer { lock.unlock() }
                received.append(request)
                return HTTPServerResponse(status: self.status)
            }
        }

        var requests: [HTTPServerRequest] { lock.lock(); defer { lock.unlock() }; return received }
        func answer(_ status: Int) { lock.lock(); self.status = status; lock.unlock() }
        var url: String { "http://127.0.0.1:\(server.port)/hooks/status" }
    }

    struct Verdict: Decodable { var hmac: Bool; var standardwebhooks: Bool; var error: String? }

    func verify(_ requests: [HTTPServerRequest]) throws -> [Verdict] {
        let deliveries: [[String: Any]] = requests.map { request in
            var headers: [String: String] = [:]
            for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] { headers[name] = request.headers[name] }
            return ["headers": headers, "body": request.body.base64EncodedString()]
        }
        let input = try JSONSerialization.data(withJSONObject: ["secret": Self.secret, "deliveries": deliveries])
        return try PythonOracle.decode([Verdict].self, from: "webhook_verify.py", input: Array(input))
    }

    func webhookFunction(_ receiver: Receiver, attempts: Int = 3) throws -> FunctionUnderTest {
        try function([
            "NOTIFIER_STATUS_WEBHOOK_HOSTS": "127.0.0.1", "NOTIFIER_STATUS_WEBHOOK_SECRET": Self.secret,
            "NOTIFIER_TEST_ONLY_ALLOW_LOOPBACK_HTTP_WEBHOOKS": "1", "NOTIFIER_STATUS_WEBHOOK_ATTEMPTS": String(attempts),
            "NOTIFIER_STATUS_WEBHOOK_TIMEOUT_MS": "2000",
        ])
    }

    @Test func statusChangesArePostedSignedAsStandardWebhooksSpecifies() throws {
        let receiver = try Receiver(status: 204)
        let function = try webhookFunction(receiver)
        let id = try send(function, #"{"to": "ada@example.org", "subject": "s", "text": "t", "statusWebhook": "\#(receiver.url)", "tags": {"kind": "order"}}"#)
        _ = try function.invoke(Self.fixture("sns-send", messageID: id))
        _ = try function.invoke(Self.fixture("sns-delivery", messageID: id))
        _ = try function.invoke(Self.fixture("sns-bounce-permanent", messageID: id))
        _ = try function.invoke(Self.fixture("sns-delivery", messageID: id))  // replay: no change, no post
        _ = try function.invoke(Self.fixture("sns-send", messageID: id))  // replay: no change, no post

        let requests = receiver.requests
        #expect(requests.count == 3)
        for verdict in try verify(requests) {
            #expect(verdict.hmac && verdict.standardwebhooks, "\(verdict.error ?? "")")
        }
        let bodies = try requests.map { try JSONParser.parse(Array($0.body)) }
        #expect(bodies.map { $0["data"]?["status"] } == ["sent", "delivered", "bounced"])
        #expect(bodies.map { $0["data"]?["previousStatus"] } == [.null, "sent", "delivered"])
        #expect(bodies[2]["type"] == "message.status")
        #expect(bodies[2]["data"]?["event"]?["bounceSubType"] == "General")
        #expect(bodies[2]["data"]?["tags"] == ["kind": "order"])
        #expect(!String(decoding: requests[2].body, as: UTF8.self).contains("ada@"))
    }

    @Test func aWebhookThatKeepsFailingFailsTheDeliveryWithinItsAttemptsAndTheReplayPostsIt() throws {
        let receiver = try Receiver(status: 503)
        let function = try webhookFunction(receiver, attempts: 3)
        let id = try send(function, #"{"to": "ada@example.org", "subject": "s", "text": "t", "statusWebhook": "\#(receiver.url)"}"#)
        let failed = try function.invoke(Self.fixture("sns-delivery", messageID: id), timeout: .seconds(10))
        #expect(failed.error?.errorType == "StatusUpdateFailed")
        #expect(receiver.requests.count == 3)
        #expect(try status(function, id)["status"] == "sent")

        receiver.answer(200)
        let replay = try function.invoke(Self.fixture("sns-delivery", messageID: id))
        #expect(replay.error == nil)
        #expect(receiver.requests.count == 4)
        #expect(try status(function, id)["status"] == "delivered")
        #expect(try verify(receiver.requests).allSatisfy { $0.hmac && $0.standardwebhooks })
    }

    @Test(arguments: ["https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data/"])
    func aWebhookOnLoopbackOrLinkLocalIsRefusedWithoutTheTestOnlySetting(_ url: String) throws {
        let function = try function([
            "NOTIFIER_STATUS_WEBHOOK_HOSTS": "127.0.0.1,169.254.169.254", "NOTIFIER_STATUS_WEBHOOK_SECRET": Self.secret,
            "NOTIFIER_STATUS_WEBHOOK_URL": url, "NOTIFIER_STATUS_WEBHOOK_ATTEMPTS": "1",
        ])
        let outcome = try function.invoke(Self.fixture("sns-delivery", messageID: "ssrf-\(UUID().uuidString)"))
        #expect(outcome.error?.errorType == "StatusUpdateFailed")
        #expect(function.log.contains(url.contains("169.254") ? "link-local" : "loopback"))
    }

    /// A host name on the allow-list that resolves to a private address (as a DNS answer an
    /// attacker controls would make it) is refused when the webhook is called.
    @Test func aWebhookWhoseNameResolvesToAPrivateAddressIsRefused() throws {
        let function = try function([
            "NOTIFIER_STATUS_WEBHOOK_HOSTS": "hooks.internal.example", "NOTIFIER_STATUS_WEBHOOK_SECRET": Self.secret,
            "NOTIFIER_STATUS_WEBHOOK_URL": "https://hooks.internal.example/status", "NOTIFIER_STATUS_WEBHOOK_ATTEMPTS": "1",
        ], hosts: ["hooks.internal.example": "10.20.30.40"])
        let outcome = try function.invoke(Self.fixture("sns-delivery", messageID: "ssrf-\(UUID().uuidString)"))
        #expect(outcome.error?.errorType == "StatusUpdateFailed")
        #expect(function.log.contains("hooks.internal.example"), "\(function.log)")
        #expect(function.log.contains("private"), "\(function.log)")
    }

    @Test func aPlainHTTPDefaultWebhookIsAConfigurationError() {
        let environment = [
            "NOTIFIER_OUTBOX_DIR": "/tmp", "NOTIFIER_DEFAULT_FROM": "n@example.com", "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "NOTIFIER_STATUS_TABLE": "t",
            "NOTIFIER_STATUS_WEBHOOK_HOSTS": "127.0.0.1", "NOTIFIER_STATUS_WEBHOOK_SECRET": Self.secret,
            "NOTIFIER_STATUS_WEBHOOK_URL": "http://127.0.0.1/hook",
        ]
        #expect(throws: ConfigurationError.self) { try NotifierConfiguration(environment: environment) }
        var lifted = environment
        lifted["NOTIFIER_TEST_ONLY_ALLOW_LOOPBACK_HTTP_WEBHOOKS"] = "1"
        #expect(throws: Never.self) { try NotifierConfiguration(environment: lifted) }
    }

    @Test func aMessageNamingAWebhookOffTheAllowListOrOverHTTPIsRefused() throws {
        let function = try function([
            "NOTIFIER_STATUS_WEBHOOK_HOSTS": "hooks.example.com", "NOTIFIER_STATUS_WEBHOOK_SECRET": Self.secret,
        ])
        for url in ["https://evil.example.net/x", "http://hooks.example.com/x", "https://user@hooks.example.com/x"] {
            let outcome = try function.invoke(Data(#"{"to": "ada@example.org", "subject": "s", "text": "t", "statusWebhook": "\#(url)"}"#.utf8))
            #expect(outcome.error?.errorType == "ValidationError", "\(url)")
        }
    }

    // MARK: Address checks (real getaddrinfo)

    @Test(arguments: [
        ("127.0.0.1", "loopback"), ("localhost", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
        ("172.20.0.1", "private"), ("100.64.0.1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
        ("fd00::1", "private"), ("::ffff:169.254.169.254", "link-local"), ("0.0.0.0", "reserved"), ("::1", "loopback"),
    ])
    func privateLoopbackAndLinkLocalAddressesAreRefused(_ host: String, _ kind: String) throws {
        let policy = StatusWebhookPolicy(allowedHosts: [host])
        let url = try policy.check(host.contains(":") ? "https://[\(host)]/h" : "https://\(host)/h")
        #expect(throws: StatusWebhookRefusal.forbiddenAddress(host: host, kind: kind)) { try policy.address(for: url) }
    }

    @Test func theTestOnlySettingLiftsLoopbackButNotPrivateOrLinkLocal() throws {
        let policy = StatusWebhookPolicy(allowedHosts: ["127.0.0.1", "10.0.0.1", "169.254.169.254"], allowsLoopbackHTTPForTests: true)
        #expect(try policy.address(for: policy.check("http://127.0.0.1:9/h")) == "127.0.0.1")
        #expect(throws: StatusWebhookRefusal.self) { try policy.address(for: policy.check("http://10.0.0.1/h")) }
        #expect(throws: StatusWebhookRefusal.self) { try policy.address(for: policy.check("http://169.254.169.254/h")) }
    }

    @Test func globalAddressesAreAllowed() throws {
        #expect(IPAddressKind.ipv4(93, 184, 215, 14) == .global)
        #expect(IPAddressKind.ipv6([0x26, 0x06, 0x28, 0x00, 0x02, 0x1F, 0xCB, 0x07, 0x68, 0x20, 0x80, 0xDA, 0xAF, 0x6B, 0x8B, 0x2C]) == .global)
    }
}
