import CurlHTTP
import Foundation
import LoopbackHTTP

/// A fake DynamoDB endpoint on loopback that stands in front of moto's DynamoDB and, as a policy
/// says, answers some requests itself with the faults moto cannot produce: throttling, server
/// errors, and a write that moto carried out whose answer comes too late for the client (a
/// timeout after the claim was written). Every other request is forwarded to moto unchanged, its
/// SigV4 signature (over this endpoint's host) checked there, and moto's answer passed back.
final class FaultInjectingDynamoDBEndpoint: Sendable {
    enum Answer: Sendable, Equatable {
        /// Forwarded to moto; moto's answer is returned.
        case forward
        /// 400 `ThrottlingException`, not forwarded.
        case throttle
        /// 500 `InternalServerError`, not forwarded.
        case internalServerError
        /// Forwarded to moto (the write happens), and moto's answer held back this long.
        case forwardThenDelay(Duration)
    }

    /// What the policy sees of a request.
    struct Request: Sendable {
        /// `PutItem`, `UpdateItem`, `DeleteItem`, …
        var operation: String
        /// 1 for the first request of this operation, 2 for the next, and so on.
        var attempt: Int
    }

    typealias Policy = @Sendable (Request) -> Answer

    private let server: HTTPServer
    private let ledger: Ledger

    /// Serves on an ephemeral loopback port, forwarding to `upstream` (moto's endpoint).
    init(upstream: String, policy: @escaping Policy) throws {
        let ledger = Ledger()
        self.ledger = ledger
        server = try HTTPServer { request in ledger.answer(request, upstream: upstream, policy: policy) }
    }

    deinit {
        server.shutdown()
    }

    /// The value for `AWS_ENDPOINT_URL_DYNAMODB`.
    var endpoint: String { "http://127.0.0.1:\(server.port)" }

    /// Every request received so far, with its answer and when it arrived, in order.
    var exchanges: [Exchange] {
        ledger.state.withLock { $0.exchanges }
    }

    struct Exchange: Sendable {
        var operation: String
        var answer: Answer
        /// On this process's clock, comparable with the Runtime API server's instants.
        var arrivedAt: ContinuousClock.Instant
    }

    private final class Ledger: Sendable {
        struct State: Sendable {
            var exchanges: [Exchange] = []
            var attempts: [String: Int] = [:]
        }

        /// Connection threads answer concurrently (see FaultInjectingSESEndpoint for why this mutex).
        let state = WaitableMutex(State())

        func answer(_ request: HTTPServerRequest, upstream: String, policy: Policy) -> HTTPServerResponse {
            let operation = String(request.headers["X-Amz-Target"]?.split(separator: ".").last ?? "")
            let arrivedAt = ContinuousClock.now
            let answer = state.withLock { state -> Answer in
                state.attempts[operation, default: 0] += 1
                let answer = policy(Request(operation: operation, attempt: state.attempts[operation] ?? 1))
                state.exchanges.append(Exchange(operation: operation, answer: answer, arrivedAt: arrivedAt))
                return answer
            }
            switch answer {
            case .throttle:
                return Self.error(status: 400, code: "ThrottlingException", message: "Rate of requests exceeds the allowed throughput.")
            case .internalServerError:
                return Self.error(status: 500, code: "InternalServerError", message: "Internal server error")
            case .forward:
                return Self.forward(request, to: upstream)
            case .forwardThenDelay(let delay):
                var response = Self.forward(request, to: upstream)
                response.delay = delay
                return response
            }
        }

        static func forward(_ request: HTTPServerRequest, to upstream: String) -> HTTPServerResponse {
            var headers = HTTPHeaders()
            for field in request.headers where !["content-length", "connection", "expect"].contains(field.name.lowercased()) {
                headers.add(name: field.name, value: field.value)
            }
            let forwarded = HTTPRequest(
                method: .post, url: upstream + request.path, headers: headers, body: Array(request.body),
                timeout: .seconds(20), maximumResponseBodySize: 1 << 20)
            do {
                let response = try HTTPClient(configuration: HTTPClient.Configuration(useProxy: false)).execute(forwarded)
                var answerHeaders = HTTPServerHeaders()
                for field in response.headers where ["content-type", "x-amzn-requestid"].contains(field.name.lowercased()) {
                    answerHeaders.add(name: field.name, value: field.value)
                }
                return HTTPServerResponse(status: response.status, headers: answerHeaders, body: Data(response.body))
            } catch {
                return Self.error(status: 502, code: "ProxyError", message: "moto could not be reached: \(error)")
            }
        }

        /// An error as DynamoDB (AWS JSON 1.0) sends it: the code in the body's `__type`.
        static func error(status: Int, code: String, message: String) -> HTTPServerResponse {
            HTTPServerResponse(
                status: status,
                headers: ["Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "fault-injected"],
                body: Data(#"{"__type":"com.amazonaws.dynamodb.v20120810#\#(code)","message":"\#(message)"}"#.utf8))
        }
    }
}
