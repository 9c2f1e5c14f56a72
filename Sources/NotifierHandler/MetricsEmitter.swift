import JSON
import Glibc
import LambdaRuntime
import WallClock

/// Writes one CloudWatch Embedded Metric Format line per invocation: `EmailsSent`, `EmailsFailed`,
/// `ValidationErrors` (counts) and `SendLatency` (milliseconds, one value per sent e-mail), with
/// the function name as dimension. CloudWatch Logs turns the line into metrics; no API call.
struct MetricsEmitter: Sendable {
    /// `NOTIFIER_METRICS_NAMESPACE`.
    var namespace: String
    /// Standard output, where Lambda collects it.
    var fileDescriptor: Int32 = STDOUT_FILENO

    func emit(_ records: [DeliveryRecord], functionName: String) {
        guard !records.isEmpty else { return }
        let line = Self.line(for: records, namespace: namespace, functionName: functionName, at: .now()).serialized() + [0x0A]
        StandardOutput.writeLine(line, to: fileDescriptor)
    }

    static func line(for records: [DeliveryRecord], namespace: String, functionName: String, at time: WallClockTime) -> JSONValue {
        var sent = 0, failed = 0, invalid = 0
        var latencies: [JSONValue] = []
        for record in records {
            switch record.outcome {
            case .sent where record.isDuplicate:
                break
            case .sent:
                sent += 1
                if let latency = record.latency {
                    latencies.append(.number(String(latency.wholeMilliseconds)))
                }
            case .rejected, .refused: invalid += 1
            case .failed: failed += 1
            }
        }
        var metrics: [JSONValue] = [
            ["Name": "EmailsSent", "Unit": "Count"],
            ["Name": "EmailsFailed", "Unit": "Count"],
            ["Name": "ValidationErrors", "Unit": "Count"],
        ]
        if !latencies.isEmpty { metrics.append(["Name": "SendLatency", "Unit": "Milliseconds"]) }
        var object = JSONObject([
            ("_aws", [
                "Timestamp": .number(String(time.millisecondsSince1970)),
                "CloudWatchMetrics": [[
                    "Namespace": .string(namespace),
                    "Dimensions": [["FunctionName"]],
                    "Metrics": .array(metrics),
                ]],
            ]),
            ("FunctionName", .string(functionName)),
            ("EmailsSent", .number(String(sent))),
            ("EmailsFailed", .number(String(failed))),
            ("ValidationErrors", .number(String(invalid))),
        ])
        if !latencies.isEmpty { object["SendLatency"] = .array(latencies) }
        return .object(object)
    }
}
