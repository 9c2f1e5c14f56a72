/// An error that chooses how Lambda reports it when a handler throws it.
///
/// Lambda shows `errorType` and `errorMessage` to the caller of a synchronous invocation and in the
/// function's error metrics. A thrown error that does not adopt this protocol is reported with its
/// Swift type name as `errorType` and `String(describing:)` of the error as `errorMessage`, which
/// is also what the defaults here give.
public protocol LambdaFunctionError: Error {
    /// A short, stable name for the kind of failure, e.g. `InvalidRecipient`.
    var errorType: String { get }
    /// What went wrong, for a person reading the error.
    var errorMessage: String { get }
}

extension LambdaFunctionError {
    public var errorType: String { String(describing: Self.self) }
    public var errorMessage: String { String(describing: self) }
}
