import AWSCore
import Foundation
import LoopbackHTTP
import SESv2

/// A fake SES endpoint on loopback that plays a script of answers, for the faults moto cannot
/// produce: throttling, server errors, broken connections. It records every request it gets.
final class FaultInjectingSESServer: Sendable {
    private let server: HTTPServer
    private let script: Script

    /// Answers the first requests with `script`, in order, and every later one with `then`.
    init(script answers: [HTTPServerResponse], then fallback: HTTPServerResponse) throws {
        let script = Script(answers: answers, fallback: fallback)
        self.script = script
        server = try HTTPServer { request in script.answer(request) }
    }

    deinit {
        server.shutdown()
    }

    var endpoint: String { "http://127.0.0.1:\(server.port)" }

    /// Every request received so far, in order.
    var requests: [HTTPServerRequest] {
        script.state.withLock { $0.requests }
    }

    private final class Script: Sendable {
        struct State: Sendable {
            var answers: [HTTPServerResponse]
            var requests: [HTTPServerRequest] = []
        }

        /// Connection threads answer concurrently. A pthread mutex rather than
        /// `Synchronization.Mutex`, whose contended path (a PI futex the kernel takes over)
        /// ThreadSanitizer cannot see, so that `scripts/test-sanitizers` reports real races only.
        let state: WaitableMutex<State>
        let fallback: HTTPServerResponse

        init(answers: [HTTPServerResponse], fallback: HTTPServerResponse) {
            state = WaitableMutex(State(answers: answers))
            self.fallback = fallback
        }

        func answer(_ request: HTTPServerRequest) -> HTTPServerResponse {
            state.withLock { state in
                state.requests.append(request)
                return state.answers.isEmpty ? fallback : state.answers.removeFirst()
            }
        }
    }

    /// A client for this server with test credentials.
    func client(retryPolicy: RetryPolicy) -> SESClient {
        SESClient(
            configuration: AWSClientConfiguration(
                service: .sesV2, region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
                endpoint: endpoint, retryPolicy: retryPolicy))
    }
}

extension HTTPServerResponse {
    /// SES's answer to an accepted message.
    static func sesAccepted(messageID: String) -> HTTPServerResponse {
        HTTPServerResponse(
            status: 200,
            headers: ["Content-Type": "application/json", "x-amzn-RequestId": "accepted-request"],
            body: Data(#"{"MessageId":"\#(messageID)"}"#.utf8)
        )
    }

    /// An error the way SES v2 (rest-json) sends it: the code in `x-amzn-ErrorType`, the message in the body.
    static func sesError(status: Int, code: String, message: String) -> HTTPServerResponse {
        HTTPServerResponse(
            status: status,
            headers: [
                "Content-Type": "application/json",
                "x-amzn-ErrorType": "\(code):http://internal.amazon.com/coral/com.amazonaws.sesv2/",
                "x-amzn-RequestId": "failed-request",
            ],
            body: Data(#"{"message":"\#(message)"}"#.utf8)
        )
    }
}
