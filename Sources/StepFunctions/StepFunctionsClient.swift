import AWSCore
import JSON

extension AWSService {
    /// AWS Step Functions: AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.<Operation>`, signed as `states`.
    public static let stepFunctions = AWSService(name: "StepFunctions", signingName: "states", endpointPrefix: "states", endpointVariableSuffix: "SFN")
}

/// The callback half of Step Functions: answering a task that waits for its token
/// (`.waitForTaskToken`) with `SendTaskSuccess`, `SendTaskFailure` or `SendTaskHeartbeat`.
///
/// Blocks the calling thread and owns an ``AWSClient``, which is not thread-safe: one per thread.
public final class StepFunctionsClient {
    private let client: AWSClient

    /// A client as `configuration` says (its service should be ``AWSService/stepFunctions``).
    public init(configuration: AWSClientConfiguration) {
        client = AWSClient(configuration: configuration)
    }

    public var configuration: AWSClientConfiguration { client.configuration }

    /// Sends `answer` for the task of `taskToken`. A task that is closed (answered, timed out,
    /// its execution stopped) or unknown is the error `TaskTimedOut`, `TaskDoesNotExist` or
    /// `InvalidToken` (see ``TaskAnswer/closedTaskCodes``). Not idempotent: an answer lost on the
    /// way back is ``AWSServiceError/mayHaveBeenSent``, never sent twice.
    public func send(_ answer: TaskAnswer, taskToken: String, deadline: ContinuousClock.Instant) throws(AWSServiceError) {
        var input: JSONObject = ["taskToken": .string(taskToken)]
        switch answer {
        case .success(let output):
            input["output"] = .string(output)
        case .failure(let error, let cause):
            if let error { input["error"] = .string(error) }
            if let cause { input["cause"] = .string(cause) }
        case .heartbeat:
            break
        }
        let request = AWSRequest.awsJSON10(
            operation: answer.operation, targetPrefix: "AWSStepFunctions", endpoint: client.configuration.endpoint,
            body: JSONValue.object(input).serialized(), isIdempotent: false)
        _ = try client.send(request, deadline: deadline)
    }
}

/// How a waiting task is answered.
public enum TaskAnswer: Sendable, Equatable {
    /// `SendTaskSuccess`: the task ends with `output` (JSON text) as its result.
    case success(output: String)
    /// `SendTaskFailure`: the task fails with `error` and `cause`.
    case failure(error: String?, cause: String?)
    /// `SendTaskHeartbeat`: the task keeps waiting; its heartbeat timeout starts again.
    case heartbeat

    public var operation: String {
        switch self {
        case .success: "SendTaskSuccess"
        case .failure: "SendTaskFailure"
        case .heartbeat: "SendTaskHeartbeat"
        }
    }

    /// The codes Step Functions answers for a task that no longer waits, or never existed.
    public static let closedTaskCodes: Set<String> = ["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]
}
