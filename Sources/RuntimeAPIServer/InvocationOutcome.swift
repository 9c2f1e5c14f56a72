import FoundationEssentials
import LoopbackHTTP

/// How the runtime finished one invocation: the response or the error it posted.
public struct InvocationOutcome: Sendable {
    public enum Result: Sendable, Equatable {
        /// The body posted to `/invocation/{id}/response`.
        case response(Data)
        /// What was posted to `/invocation/{id}/error`.
        case error(ReportedError)
    }

    public var requestID: String
    /// The `Lambda-Runtime-Invocation-Id` that `/next` sent with this invocation.
    public var invocationID: String
    public var result: Result
    /// The header fields of the runtime's POST.
    public var headers: HTTPServerHeaders
    /// When `/next` handed the event to the runtime, on the server's clock.
    public var deliveredAt: ContinuousClock.Instant
    /// When the runtime's POST arrived, on the server's clock. Between the two the invocation was
    /// the runtime's: two invocations whose spans overlap were in the runtime at once.
    public var answeredAt: ContinuousClock.Instant
    /// How many `/next` requests had arrived when the runtime's POST did. The runtime asks for
    /// the next invocation once the work after its answer is done
    /// (`LambdaHandler.afterResponse(context:)`): with one worker, `/next` request number
    /// `nextRequestsBeforeAnswer + 1` marks the end of this invocation.
    public var nextRequestsBeforeAnswer: Int

    public init(
        requestID: String,
        invocationID: String,
        result: Result,
        headers: HTTPServerHeaders,
        deliveredAt: ContinuousClock.Instant,
        answeredAt: ContinuousClock.Instant,
        nextRequestsBeforeAnswer: Int
    ) {
        self.requestID = requestID
        self.invocationID = invocationID
        self.result = result
        self.headers = headers
        self.deliveredAt = deliveredAt
        self.answeredAt = answeredAt
        self.nextRequestsBeforeAnswer = nextRequestsBeforeAnswer
    }

    /// The posted response body; `nil` for an error.
    public var response: Data? {
        if case .response(let body) = result { body } else { nil }
    }

    /// The posted error; `nil` for a response.
    public var error: ReportedError? {
        if case .error(let error) = result { error } else { nil }
    }

    /// Whether the POST carried this invocation's `Lambda-Runtime-Invocation-Id`, as runtimes must
    /// so that Lambda can reject a late answer to an earlier invocation that reused the request id.
    public var echoedInvocationID: Bool {
        headers[RuntimeAPIHeader.invocationID] == invocationID
    }
}
