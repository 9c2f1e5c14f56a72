/// A setting the function cannot start with; reported as the init error, naming the variable.
struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    var variable: String
    var problem: String

    var description: String { "\(variable) \(problem)" }
}
