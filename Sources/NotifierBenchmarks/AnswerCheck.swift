import Foundation
import RuntimeAPIServer

/// What a function must have answered for a measurement to count: the benchmark times the
/// path that sends mail, never an error path.
enum AnswerCheck {
    /// A direct invocation: `{"messageId": "…"}`.
    case sent
    /// An SQS batch: `{"batchItemFailures": []}`.
    case wholeBatchSent
    /// EchoLambda: the event itself.
    case echo(Data)

    func verify(_ outcome: InvocationOutcome, of function: FunctionUnderBenchmark) throws {
        guard let body = outcome.response else {
            let error = outcome.error.map { "\($0.errorType ?? "?"): \(String(decoding: $0.body, as: UTF8.self))" } ?? "?"
            throw BenchmarkFailure(function: function.name, reason: "answered with an error: \(error)")
        }
        let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        let passed = switch self {
        case .sent: (object?["messageId"] as? String).map { !$0.isEmpty } ?? false
        case .wholeBatchSent: (object?["batchItemFailures"] as? [Any])?.isEmpty ?? false
        case .echo(let event): body == event
        }
        guard passed else {
            throw BenchmarkFailure(function: function.name, reason: "unexpected answer: \(String(decoding: body.prefix(300), as: UTF8.self))")
        }
    }
}
