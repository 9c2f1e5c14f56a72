import AWSCore

/// The process environment as the configuration reads it: trimmed values, empty meaning unset,
/// numbers in a range, and AWS clients, each failure a ``ConfigurationError`` naming its variable.
struct EnvironmentSettings {
    let environment: [String: String]

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    /// The trimmed value of `name`; `nil` when it is unset or blank.
    func value(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    /// The whole number in `name`, `fallback` when it is unset.
    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError(variable: name, problem: "must be a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }

    /// How to reach `service`, needed `purpose` ("to send through SES").
    func awsClient(for service: AWSService, purpose: String) throws(ConfigurationError) -> AWSClientConfiguration {
        do {
            return try AWSClientConfiguration(service: service, environment: environment)
        } catch {
            throw ConfigurationError(variable: error.variable, problem: "\(error.problem), needed \(purpose)")
        }
    }
}
