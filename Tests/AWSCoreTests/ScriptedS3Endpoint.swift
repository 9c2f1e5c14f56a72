import AWSCore
import Foundation
import LoopbackHTTP
import S3

/// A fake S3 endpoint on loopback that plays a script of answers, for the faults moto cannot be
/// made to produce: throttling, server errors, broken connections, bodies of unknown length. It
/// records every request it gets. S3's answers are in `HTTPServerResponse+S3.swift`; SES's faults
/// are played by `FaultInjectingSESEndpoint` (TestSupport).
final class ScriptedS3Endpoint: Sendable {
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

    static let testCredentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")

    /// An S3 client for this endpoint.
    func s3Client(retryPolicy: RetryPolicy, credentials: AWSCredentials = testCredentials) -> S3Client {
        S3Client(configuration: AWSClientConfiguration(service: .s3, region: "eu-west-1", credentials: credentials, endpoint: endpoint, retryPolicy: retryPolicy))
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
}
