import Foundation
import LoopbackHTTP

/// A fake DynamoDB for the idempotency benchmark: on loopback, it answers every `PutItem`,
/// `UpdateItem` and `DeleteItem` as DynamoDB answers a conditional write that succeeded (`200 {}`),
/// after ``delay``, the stand-in for DynamoDB's latency. It keeps no items and checks no
/// conditions or signatures: the benchmark's batches never repeat a key, so every claim succeeds
/// at DynamoDB too, and what is timed is the store's round trips, not a server's own work (moto,
/// in Python, serialises concurrent requests, which DynamoDB does not). Each connection has its own
/// thread, so concurrent writes wait out their delays together. Any other operation is refused.
final class BenchmarkDynamoDB: Sendable {
    /// The operations answered.
    static let operations = ["PutItem", "UpdateItem", "DeleteItem"]

    private let server: HTTPServer
    private let counts: WaitableMutex<[String: Int]>

    init(delay: Duration) throws {
        let counts = WaitableMutex([String: Int]())
        self.counts = counts
        server = try HTTPServer { request in
            // `X-Amz-Target: DynamoDB_20120810.PutItem`
            let operation = String(request.headers["X-Amz-Target"]?.split(separator: ".").last ?? "")
            guard request.method == "POST", Self.operations.contains(operation) else {
                return HTTPServerResponse(
                    status: 400, headers: ["Content-Type": "application/x-amz-json-1.0"],
                    body: Data(#"{"__type":"com.amazon.coral.service#UnknownOperationException","message":"not answered by the benchmark's DynamoDB"}"#.utf8))
            }
            counts.withLock { $0[operation, default: 0] += 1 }
            return HTTPServerResponse(
                status: 200, headers: ["Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "benchmark"],
                body: Data("{}".utf8), delay: delay)
        }
    }

    deinit {
        server.shutdown()
    }

    /// `http://127.0.0.1:port`, the value for `AWS_ENDPOINT_URL_DYNAMODB`.
    var endpoint: String { "http://127.0.0.1:\(server.port)" }

    /// The requests answered so far, by operation.
    var requests: [String: Int] {
        counts.withLock { $0 }
    }
}
