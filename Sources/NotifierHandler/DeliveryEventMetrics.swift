import JSON
import LambdaRuntime
import Glibc
import WallClock

/// One CloudWatch Embedded Metric Format line per configuration set for the SES events of an
/// invocation: `Bounces` (suppressed sends included), `Complaints`, `Deliveries`, `Rejects`, with
/// `ConfigurationSet` as dimension (`none` for mail sent without one).
enum DeliveryEventMetrics {
    static func emit(_ events: [SESEvent], namespace: String, to fileDescriptor: Int32 = STDOUT_FILENO) {
        for line in lines(for: events, namespace: namespace, at: .now()) {
            let bytes = line.serialized() + [0x0A]
            bytes.withUnsafeBytes { FileDescriptorWrite.all($0, to: fileDescriptor) }
        }
    }

    static func lines(for events: [SESEvent], namespace: String, at time: WallClockTime) -> [JSONValue] {
        var counts: [(set: String, bounces: Int, complaints: Int, deliveries: Int, rejects: Int)] = []
        for event in events {
            let set = event.configurationSet ?? "none"
            let index = counts.firstIndex { $0.set == set } ?? { counts.append((set, 0, 0, 0, 0)); return counts.count - 1 }()
            switch event.type {
            case "Bounce": counts[index].bounces += 1
            case "Complaint": counts[index].complaints += 1
            case "Delivery": counts[index].deliveries += 1
            case "Reject": counts[index].rejects += 1
            default: break
            }
        }
        return counts.map { count in
            .object(JSONObject([
                ("_aws", [
                    "Timestamp": .number(String(time.millisecondsSince1970)),
                    "CloudWatchMetrics": [[
                        "Namespace": .string(namespace),
                        "Dimensions": [["ConfigurationSet"]],
                        "Metrics": [
                            ["Name": "Bounces", "Unit": "Count"], ["Name": "Complaints", "Unit": "Count"],
                            ["Name": "Deliveries", "Unit": "Count"], ["Name": "Rejects", "Unit": "Count"],
                        ],
                    ]],
                ]),
                ("ConfigurationSet", .string(count.set)),
                ("Bounces", .number(String(count.bounces))),
                ("Complaints", .number(String(count.complaints))),
                ("Deliveries", .number(String(count.deliveries))),
                ("Rejects", .number(String(count.rejects))),
            ]))
        }
    }
}
