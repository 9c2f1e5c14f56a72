/// The function's code: turns one event into one response, synchronously.
///
/// The runtime creates the handler once, before the first invocation, and calls it for one
/// invocation at a time on the main thread; a handler may therefore keep state (clients, caches)
/// in stored properties. Work that must overlap (sending a batch of requests) overlaps inside the
/// call, for instance through libcurl's multi interface.
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
}
