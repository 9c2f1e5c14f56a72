import Foundation
import LoopbackHTTP
import Synchronization

/// SES v2 `SendEmail` on loopback, for the benchmark: answers every
/// `POST /v2/email/outbound-emails` with `200 {"MessageId": …}` after ``delay``, the stand-in for
/// SES's own latency. Signatures are not checked (the moto run does that); each connection has
/// its own thread, so concurrent requests wait out their delays together, as they would at SES.
final class SESStub: Sendable {
    private let http: HTTPServer
    private let state = SharedState()

    private struct State {
        var delay: Duration = .zero
        /// Numbers each answer's `MessageId`.
        var requests = 0
    }

    /// The server's handler and this object share it.
    private final class SharedState: Sendable {
        private let mutex = Mutex(State())

        func withLock<T>(_ body: (inout State) -> T) -> T {
            mutex.withLock { body(&$0) }
        }
    }

    init() throws {
        let state = state
        http = try HTTPServer { request in
            guard request.method == "POST", request.path == "/v2/email/outbound-emails" else {
                return HTTPServerResponse(status: 404, headers: ["Content-Type": "application/json"], body: Data(#"{"message":"not found"}"#.utf8))
            }
            let (number, delay) = state.withLock { state in
                state.requests += 1
                return (state.requests, state.delay)
            }
            let messageID = String(format: "0100019a-bench-%010d-000000", number)
            return HTTPServerResponse(
                status: 200,
                headers: ["Content-Type": "application/json", "x-amzn-RequestId": UUID().uuidString.lowercased()],
                body: Data(#"{"MessageId":"\#(messageID)"}"#.utf8),
                delay: delay)
        }
    }

    /// `http://127.0.0.1:port`, the value for `AWS_ENDPOINT_URL_SESV2`.
    var endpoint: String { "http://127.0.0.1:\(http.port)" }

    /// How long each answer waits; applies to requests that arrive after it is set.
    var delay: Duration {
        get { state.withLock { $0.delay } }
        set { state.withLock { $0.delay = newValue } }
    }

    func shutdown() {
        http.shutdown()
    }
}
