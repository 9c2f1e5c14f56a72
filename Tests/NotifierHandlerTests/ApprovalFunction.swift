import ActionLinks
import Foundation
import JSON
import LoopbackHTTP
import RuntimeAPIServer
import TestSupport

/// The real `bootstrap` set up for approval e-mails: moto's Secrets Manager holds the link key,
/// the fake Step Functions endpoint holds the tasks, links point at `baseURL`.
final class ApprovalFunction {
    let function: FunctionUnderTest
    let stepFunctions: FakeStepFunctionsEndpoint
    let moto: MotoServer
    let baseURL: String

    init(baseURL: String = "https://approvals.example.com/prod") throws {
        moto = try MotoServer.shared()
        stepFunctions = try FakeStepFunctionsEndpoint(credentials: moto.userCredentials, region: moto.region)
        self.baseURL = baseURL
        function = try FunctionUnderTest(environment: [
            "NOTIFIER_ACTION_SECRET_ID": moto.actionSecret.id,
            "NOTIFIER_ACTION_BASE_URL": baseURL,
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": moto.endpoint,
            "AWS_ENDPOINT_URL_SFN": stepFunctions.endpoint,
        ])
    }

    /// A direct invocation of an approval message for a new task; the task's token and the
    /// message as Python's `email` read it.
    func sendApproval(subject: String = "Deploy v1.2 to production?", extra: JSONObject = [:]) throws -> (taskToken: String, message: ParsedMessage) {
        let taskToken = stepFunctions.issueTaskToken()
        var message: JSONObject = [
            "to": "Ada Lovelace <ada@example.org>", "subject": .string(subject),
            "text": "Grace asks to deploy v1.2 to production.",
            "html": "<html><body><p>Grace asks to deploy <b>v1.2</b> to production.</p></body></html>",
            "taskToken": .string(taskToken),
            "actions": [
                ["name": "approve", "label": "Approve", "type": "success", "output": ["approved": true, "by": "ada"]],
                ["name": "reject", "label": "Reject", "type": "failure", "error": "Rejected", "cause": "Ada said no"],
            ],
        ]
        for (key, value) in extra.members { message[key] = value }
        let outcome = try function.invoke(Data(JSONValue.object(message).serialized()))
        let response = try JSONParser.parse(Array(outcome.response ?? Data()))
        guard let messageID = response["messageId"]?.stringValue, let stored = try function.storedMessage(messageID) else {
            throw Unexpected(what: "no message sent: \(outcome.error.map { "\($0)" } ?? String(decoding: outcome.response ?? Data(), as: UTF8.self))\n\(function.log)")
        }
        return (taskToken, stored.parsed)
    }

    /// The link tokens in `text`, in order.
    static func tokens(in text: String, baseURL: String) -> [String] {
        text.components(separatedBy: baseURL + "/actions/").dropFirst().map { rest in
            String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
    }

    /// `method /actions/{token}` as a REST API proxy event, and the function's answer.
    func request(_ method: String, token: String, body: String? = nil) throws -> ActionResponse {
        let event: JSONValue = [
            "resource": "/actions/{token}", "path": .string("/actions/\(token)"), "httpMethod": .string(method),
            "headers": ["Host": "approvals.example.com", "content-type": "application/x-www-form-urlencoded"],
            "pathParameters": ["token": .string(token)],
            "requestContext": [
                "resourcePath": "/actions/{token}", "httpMethod": .string(method), "stage": "prod",
                "domainName": "approvals.example.com", "requestId": .string(UUID().uuidString),
            ],
            "body": body.map(JSONValue.string) ?? .null, "isBase64Encoded": false,
        ]
        let outcome = try function.invoke(Data(event.serialized()))
        return try ActionResponse(JSONParser.parse(Array(outcome.response ?? Data())))
    }

    /// A link sealed as the function seals them, with the secret's `current` or `previous` text.
    func seal(_ claim: ActionLinkClaim, previousKey: Bool = false) throws -> String {
        let secret = previousKey ? moto.actionSecret.previous : moto.actionSecret.current
        guard let key = ActionLinkKey(secret: secret), let token = SealedActionLink.seal(claim, with: key) else {
            throw Unexpected(what: "could not seal a link")
        }
        return token
    }

    struct Unexpected: Error, CustomStringConvertible {
        var what: String
        var description: String { what }
    }
}

/// An API Gateway proxy response holding an HTML page.
struct ActionResponse {
    var statusCode: Int
    var headers: [String: String]
    var body: String

    init(_ json: JSONValue) throws {
        statusCode = json["statusCode"].flatMap { if case .number(let text) = $0 { Int(text) } else { nil } } ?? 0
        var headers: [String: String] = [:]
        for (name, value) in json["headers"]?.objectValue?.members ?? [] { headers[name.lowercased()] = value.stringValue }
        self.headers = headers
        body = json["body"]?.stringValue ?? ""
    }

    /// The text of the page's `<h1>`.
    var heading: String? {
        guard let start = body.range(of: "<h1>"), let end = body.range(of: "</h1>") else { return nil }
        return String(body[start.upperBound..<end.lowerBound])
    }
}
