/// The function's code: turns one event into one response, synchronously.
///
/// The runtime creates one handler per worker, before the first invocation, and calls each for one
/// invocation at a time on its worker's thread; a handler may therefore keep state (clients,
/// caches) in stored properties. With several workers (Lambda Managed Instances) the handlers run
/// at once: anything they share (a global, a file in `/tmp`) must be immutable, locked, or named
/// per invocation. Work that must overlap within an invocation (sending a batch of requests)
/// overlaps inside the call, for instance through libcurl's multi interface.
public protocol LambdaHandler {
    /// Handles one invocation.
    ///
    /// - Parameters:
    ///   - event: The payload exactly as Lambda delivered it.
    ///   - context: Facts about this invocation and the function, and a logger tagged with the
    ///     request id.
    /// - Returns: The bytes posted to Lambda as the invocation's response.
    /// - Throws: Any error; it is reported as the invocation's error (see ``LambdaFunctionError``
    ///   for how it is named) and the runtime goes on to the next invocation.
    mutating func handle(_ event: [UInt8], context: LambdaContext) throws -> [UInt8]

    /// Work the invocation left that its answer does not depend on (writing down what was done,
    /// logs): the runtime calls it after posting the response or error of `handle`, and before it
    /// asks for the next invocation.
    ///
    /// Lambda freezes the environment only when the runtime asks for the next invocation, so this
    /// work still runs, inside the invocation's timeout and billed duration, but the caller (an
    /// API Gateway client, the SQS poller) already has its answer: its latency no longer includes
    /// it. It delays the next invocation of this worker instead. The default does nothing.
    mutating func afterResponse(context: LambdaContext)
}

extension LambdaHandler {
    public mutating func afterResponse(context: LambdaContext) {}
}
