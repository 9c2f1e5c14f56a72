/// A setting the function cannot start with; reported as the init error, naming the variable.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable at fault, e.g. `NOTIFIER_DEFAULT_FROM`.
    public var variable: String
    public var problem: String

    public var description: String { "\(variable) \(problem)" }
}
