import FoundationEssentials

/// An error the runtime posted to `/invocation/{id}/error` or `/init/error`.
public struct ReportedError: Sendable, Equatable {
    /// The `Lambda-Runtime-Function-Error-Type` header; `nil` when the runtime sent none.
    public var errorType: String?
    /// The body as posted, normally `{"errorMessage":…,"errorType":…,"stackTrace":[]}`.
    public var body: Data

    public init(errorType: String?, body: Data) {
        self.errorType = errorType
        self.body = body
    }
}
