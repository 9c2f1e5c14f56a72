import WallClock

/// What the runtime knows about one invocation and the function serving it.
///
/// The per-invocation values come from the headers of the Runtime API's `/next` answer, the
/// function's values from the environment Lambda starts the runtime with.
public struct LambdaContext: Sendable {
    // MARK: Invocation

    /// The request id Lambda assigned to the invocation (`Lambda-Runtime-Aws-Request-Id`), e.g.
    /// `8476a536-e9f4-11e8-9739-2dfe598c3fcd`; it appears in Lambda's own log lines and reports. A
    /// caller's retry may reuse it.
    public var requestID: String
    /// When Lambda will stop the invocation (`Lambda-Runtime-Deadline-Ms`, Unix time in
    /// milliseconds); ``WallClockTime/distantFuture`` if the header is missing.
    public var deadline: WallClockTime
    /// The ARN the caller invoked (`Lambda-Runtime-Invoked-Function-Arn`): the function's, or one
    /// with a version or alias suffix, e.g. `arn:aws:lambda:us-east-2:123456789012:function:notifier:live`.
    public var invokedFunctionARN: String
    /// The AWS X-Ray tracing header (`Lambda-Runtime-Trace-Id`), e.g.
    /// `Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1`. With one
    /// worker the runtime also exports it as `_X_AMZN_TRACE_ID` for the duration of the
    /// invocation; with several (Lambda Managed Instances) it does not, since the process-wide
    /// variable cannot belong to invocations running at once: read it here.
    public var traceID: String?
    /// For invocations through the AWS Mobile SDK, JSON about the client application and device
    /// (`Lambda-Runtime-Client-Context`).
    public var clientContext: String?
    /// For invocations through the AWS Mobile SDK, JSON about the Amazon Cognito identity
    /// (`Lambda-Runtime-Cognito-Identity`).
    public var cognitoIdentity: String?
    /// The tenant the caller named, for functions with tenant isolation (`Lambda-Runtime-Aws-Tenant-Id`).
    public var tenantID: String?
    /// A per-invocation id that, unlike the request id, is never reused (`Lambda-Runtime-Invocation-Id`);
    /// the runtime echoes it on `/response` and `/error` so that Lambda can reject a late answer to
    /// an earlier invocation. `nil` where the Runtime API does not send it.
    public var invocationID: String?

    // MARK: Function

    /// The function's name (`AWS_LAMBDA_FUNCTION_NAME`).
    public var functionName: String
    /// The version being run (`AWS_LAMBDA_FUNCTION_VERSION`), `$LATEST` or a number.
    public var functionVersion: String
    /// The memory configured for the function (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`), in MB.
    public var memoryLimitInMB: Int
    /// The CloudWatch Logs group the function writes to (`AWS_LAMBDA_LOG_GROUP_NAME`).
    public var logGroupName: String
    /// The CloudWatch Logs stream of this execution environment (`AWS_LAMBDA_LOG_STREAM_NAME`).
    public var logStreamName: String
    /// The AWS Region the function runs in (`AWS_REGION`), e.g. `eu-west-1`.
    public var region: String

    /// A logger configured as Lambda asks, tagged with ``requestID`` and ``traceID``.
    public var logger: LambdaLogger

    public init(
        requestID: String,
        deadline: WallClockTime,
        invokedFunctionARN: String,
        traceID: String? = nil,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        tenantID: String? = nil,
        invocationID: String? = nil,
        functionName: String = "",
        functionVersion: String = "",
        memoryLimitInMB: Int = 0,
        logGroupName: String = "",
        logStreamName: String = "",
        region: String = "",
        logger: LambdaLogger = LambdaLogger()
    ) {
        self.requestID = requestID
        self.deadline = deadline
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
        self.invocationID = invocationID
        self.functionName = functionName
        self.functionVersion = functionVersion
        self.memoryLimitInMB = memoryLimitInMB
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.region = region
        self.logger = logger
    }

    /// The deadline a `Lambda-Runtime-Deadline-Ms` header gives: milliseconds since 1970, from
    /// 1970 to ``WallClockTime/distantFuture``, so that no arithmetic on it can overflow. No
    /// header means no deadline (``WallClockTime/distantFuture``); anything else is a malformed
    /// answer from the Runtime API.
    static func deadline(header: String?) throws(RuntimeAPIError) -> WallClockTime {
        guard let header else { return .distantFuture }
        guard let milliseconds = Int64(header), (0...WallClockTime.distantFuture.millisecondsSince1970).contains(milliseconds) else {
            throw .malformedDeadline(String(header.prefix(40)))
        }
        return WallClockTime(millisecondsSince1970: milliseconds)
    }

    /// The time left before ``deadline``; negative once it has passed.
    public var remainingTime: Duration {
        WallClockTime.now().duration(to: deadline)
    }
}
