import Foundation
import TestSupport

/// Per-message latency through the whole path against moto playing SES v2 with SigV4 checking
/// on: a direct invocation queued → the function parses, validates, builds MIME, signs, sends →
/// moto verifies the signature and stores the mail → the answer reaches the Runtime API.
struct MotoLatencyBenchmark {
    var moto: MotoServer
    var warmUps: Int
    var runs: Int
    var output: Int32

    var endpoint: SESEndpoint {
        SESEndpoint(url: moto.endpoint, accessKeyID: moto.accessKeyID, secretAccessKey: moto.secretAccessKey)
    }

    func measure(_ function: FunctionUnderBenchmark) throws -> Summary {
        let running = try RunningFunction(function, ses: endpoint, output: output)
        defer { running.stop() }
        _ = try running.waitForFirstNext()
        var latencies: [Duration] = []
        for number in 0..<(warmUps + runs) {
            let latency = try running.invoke(BenchmarkEvents.direct(BenchmarkEvents.smallNotification(number: number)), check: .sent)
            if number >= warmUps { latencies.append(latency) }
        }
        guard let summary = Summary(latencies) else { throw BenchmarkFailure(function: function.name, reason: "no moto runs") }
        return summary
    }
}
