import FoundationEssentials

/// What the Runtime API tells the runtime about one queued event, besides the event itself.
public struct InvocationOptions: Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`; `nil` gives a fresh lowercase UUID.
    public var requestID: String?
    /// `Lambda-Runtime-Deadline-Ms`; `nil` puts the deadline `timeout` after the runtime receives
    /// the event, as Lambda does.
    public var deadline: Date?
    /// The function's timeout, used when `deadline` is `nil`.
    public var timeout: Duration
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    public var invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id`, e.g. `Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1`; not sent when `nil`.
    public var traceID: String?
    /// `Lambda-Runtime-Client-Context`; not sent when `nil`.
    public var clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity`; not sent when `nil`.
    public var cognitoIdentity: String?
    /// `Lambda-Runtime-Aws-Tenant-Id`; not sent when `nil`.
    public var tenantID: String?

    public init(
        requestID: String? = nil,
        deadline: Date? = nil,
        timeout: Duration = .seconds(30),
        invokedFunctionARN: String = "arn:aws:lambda:us-east-1:000000000000:function:local",
        traceID: String? = nil,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        tenantID: String? = nil
    ) {
        self.requestID = requestID
        self.deadline = deadline
        self.timeout = timeout
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
    }
}
