import AWSCore
import Foundation
import LoopbackHTTP
import S3

/// A fake S3 endpoint on loopback that plays a script of answers, for what moto cannot be made to
/// do: internal errors, throttling, broken connections, bodies of unknown length. It records every
/// request it gets.
final class FaultInjectingS3Server: Sendable {
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

    /// A client for this server with test credentials.
    func client(
        retryPolicy: RetryPolicy,
        credentials: AWSCredentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
    ) -> S3Client {
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

extension HTTPServerResponse {
    /// S3's answer to a GetObject that found the object.
    static func s3Object(_ body: String, etag: String = #""5d41402abc4b2a76b9719d911017c592""#) -> HTTPServerResponse {
        HTTPServerResponse(
            status: 200,
            headers: ["ETag": etag, "Content-Type": "text/plain; charset=utf-8", "x-amz-request-id": "found-request"],
            body: Data(body.utf8)
        )
    }

    /// An error the way S3 sends it: an XML document with the code and message.
    static func s3Error(status: Int, code: String, message: String) -> HTTPServerResponse {
        HTTPServerResponse(
            status: status,
            headers: ["Content-Type": "application/xml", "x-amz-request-id": "failed-request"],
            body: Data("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>\(code)</Code><Message>\(message)</Message><RequestId>failed-request</RequestId></Error>
                """.utf8)
        )
    }

    /// A `200` whose body of `size` bytes is sent in chunks, so its length is known only once it has
    /// all arrived. The server's own `Content-Length` is overridden by `Transfer-Encoding: chunked`,
    /// as RFC 9112 §6.3 requires of the client.
    static func s3ChunkedObject(size: Int) -> HTTPServerResponse {
        var body = Data()
        var left = size
        while left > 0 {
            let chunk = min(left, 4096)
            body.append(Data("\(String(chunk, radix: 16))\r\n".utf8))
            body.append(Data(repeating: UInt8(ascii: "x"), count: chunk))
            body.append(Data("\r\n".utf8))
            left -= chunk
        }
        body.append(Data("0\r\n\r\n".utf8))
        return HTTPServerResponse(status: 200, headers: ["ETag": #""chunked""#, "Transfer-Encoding": "chunked"], body: body)
    }
}
