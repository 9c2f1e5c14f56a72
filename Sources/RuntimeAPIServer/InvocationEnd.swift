import FoundationEssentials

/// What ended a wait for one invocation: the runtime answered it, or the runtime reported that it
/// could not initialise, after which it answers nothing.
public enum InvocationEnd: Sendable {
    /// The runtime posted a response or an error for the invocation.
    case outcome(InvocationOutcome)
    /// The runtime posted to `/init/error`.
    case initError(ReportedError)
}
