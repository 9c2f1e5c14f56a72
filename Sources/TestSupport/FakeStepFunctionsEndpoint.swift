import AWSCore
import Foundation
import LoopbackHTTP

/// A FAKE Step Functions endpoint on loopback: the callback half of the service (SendTaskSuccess,
/// SendTaskFailure, SendTaskHeartbeat), because moto's versions of these answer 200 to any token
/// and keep no task state.
///
/// It issues task tokens, keeps each task's state (waiting, succeeded, failed, timed out) and
/// answers as Step Functions does for a task that can no longer be answered: `TaskTimedOut` for a
/// task that is closed (answered, timed out), `TaskDoesNotExist` for a well-formed token of no
/// task, `InvalidToken` for a malformed one (HTTP 400, AWS JSON 1.0 `__type`). Every request is
/// checked by `Tests/Oracles/stepfunctions_request_check.py`: botocore must produce the same
/// SigV4 signature, and the JSON must satisfy botocore's model of the operation. A request that
/// fails either check is answered 400 and recorded with its problems.
public final class FakeStepFunctionsEndpoint: Sendable {
    public enum TaskState: Sendable, Equatable {
        case waiting(heartbeats: Int)
        case succeeded(output: String)
        case failed(error: String?, cause: String?)
        case timedOut
    }

    /// One request as received.
    public struct Call: Sendable {
        /// `SendTaskSuccess`, …; `nil` when X-Amz-Target named none.
        public var operation: String?
        /// What the oracle found wrong; empty for a valid, correctly signed request.
        public var problems: [String]
        /// The `taskToken` it carried.
        public var taskToken: String?
        /// The HTTP status it was answered with.
        public var status: Int
    }

    private struct State: Sendable {
        var tasks: [String: TaskState] = [:]
        var calls: [Call] = []
    }

    private let server: HTTPServer
    private let state: WaitableMutex<State>
    public let credentials: AWSCredentials
    public let region: String

    /// Serves on an ephemeral loopback port, accepting requests signed with `credentials` for `region`.
    public init(credentials: AWSCredentials, region: String) throws {
        let state = WaitableMutex(State())
        self.state = state
        self.credentials = credentials
        self.region = region
        server = try HTTPServer { request in
            Self.answer(request, state: state, credentials: credentials, region: region)
        }
    }

    deinit {
        server.shutdown()
    }

    /// The value for `AWS_ENDPOINT_URL_SFN`.
    public var endpoint: String { "http://127.0.0.1:\(server.port)" }

    /// A new waiting task and its token, shaped like Step Functions' (long, base64 with `+/=`).
    public func issueTaskToken() -> String {
        var bytes = [UInt8](repeating: 0, count: 600)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let token = "AQC" + Data(bytes).base64EncodedString()
        state.withLock { $0.tasks[token] = .waiting(heartbeats: 0) }
        return token
    }

    /// The task's state; `nil` for a token never issued.
    public func task(_ token: String) -> TaskState? {
        state.withLock { $0.tasks[token] }
    }

    /// Times the task out, as its `TimeoutSeconds` passing would.
    public func timeOut(_ token: String) {
        state.withLock { $0.tasks[token] = .timedOut }
    }

    /// Every request so far, in order.
    public var calls: [Call] {
        state.withLock { $0.calls }
    }

    // MARK: Answering

    private static func answer(_ request: HTTPServerRequest, state: WaitableMutex<State>, credentials: AWSCredentials, region: String) -> HTTPServerResponse {
        let check = oracle(request, credentials: credentials, region: region)
        let body = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]
        let token = body?["taskToken"] as? String
        return state.withLock { state in
            let (status, response) = decide(check, body: body, token: token, tasks: &state.tasks)
            state.calls.append(Call(operation: check.operation, problems: check.problems, taskToken: token, status: status))
            return response
        }
    }

    private static func decide(_ check: OracleVerdict, body: [String: Any]?, token: String?, tasks: inout [String: TaskState]) -> (Int, HTTPServerResponse) {
        guard check.problems.isEmpty else {
            let signature = check.problems.contains { $0.hasPrefix("signature") }
            return error(400, signature ? "InvalidSignatureException" : "ValidationException", check.problems.joined(separator: "; "))
        }
        guard let token, let body else { return error(400, "ValidationException", "taskToken is required") }
        guard token.hasPrefix("AQC") else { return error(400, "InvalidToken", "Invalid Token: 'Invalid token'") }
        guard let current = tasks[token] else { return error(400, "TaskDoesNotExist", "Task does not exist") }
        guard case .waiting(let heartbeats) = current else {
            return error(400, "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")
        }
        switch check.operation {
        case "SendTaskSuccess": tasks[token] = .succeeded(output: body["output"] as? String ?? "")
        case "SendTaskFailure": tasks[token] = .failed(error: body["error"] as? String, cause: body["cause"] as? String)
        case "SendTaskHeartbeat": tasks[token] = .waiting(heartbeats: heartbeats + 1)
        default: return error(400, "UnknownOperationException", "not served by this fake")
        }
        return (200, HTTPServerResponse(status: 200, headers: ["Content-Type": "application/x-amz-json-1.0"], body: Data("{}".utf8)))
    }

    private static func error(_ status: Int, _ code: String, _ message: String) -> (Int, HTTPServerResponse) {
        let body = try? JSONSerialization.data(withJSONObject: ["__type": "com.amazonaws.swf.service.v2.model#\(code)", "message": message])
        return (status, HTTPServerResponse(status: status, headers: ["Content-Type": "application/x-amz-json-1.0"], body: body ?? Data()))
    }

    private struct OracleVerdict: Decodable {
        var operation: String?
        var problems: [String]
    }

    private static func oracle(_ request: HTTPServerRequest, credentials: AWSCredentials, region: String) -> OracleVerdict {
        let input: [String: Any] = [
            "method": request.method, "path": request.path,
            "headers": request.headers.map { [$0.name, $0.value] },
            "body": request.body.base64EncodedString(),
            "accessKeyID": credentials.accessKeyID, "secretAccessKey": credentials.secretAccessKey,
            "sessionToken": credentials.sessionToken as Any, "region": region,
        ]
        do {
            let json = try JSONSerialization.data(withJSONObject: input)
            return try PythonOracle.decode(OracleVerdict.self, from: "stepfunctions_request_check.py", input: Array(json))
        } catch {
            return OracleVerdict(operation: nil, problems: ["the oracle failed: \(error)"])
        }
    }
}
