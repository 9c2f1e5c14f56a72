/// An invocation whose answer is posted and whose records are not yet written: what
/// ``NotifierHandler/afterResponse(context:)`` needs of it.
struct UnreportedInvocation {
    /// The `source` its log lines and metrics name (``InvocationEvent/sourceName``).
    var source: String
    /// Its sending deadline; the claims of its sent messages are completed within it and the
    /// store's settle allowance.
    var deadline: ContinuousClock.Instant
}
