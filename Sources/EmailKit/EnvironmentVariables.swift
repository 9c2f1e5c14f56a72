extension [String: String] {
    /// The value of the environment variable `name`, or `nil` when it is unset or empty:
    /// `FOO=` in a Lambda configuration means "not configured", not "configured as nothing".
    func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }
}
