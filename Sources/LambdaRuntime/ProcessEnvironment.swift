import Glibc

/// The environment of this process.
public enum ProcessEnvironment {
    /// Every `NAME=value` entry of `environ`, read afresh at each call. An entry without `=` is
    /// skipped; for a name set twice, the first entry wins, as `getenv(3)` finds it.
    public static var current: [String: String] {
        var variables: [String: String] = [:]
        // `clearenv(3)` leaves `environ` null, although Swift imports it as non-optional.
        let start: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        guard var entry = start else { return variables }
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<equals])
                if variables[name] == nil {
                    variables[name] = String(text[text.utf8.index(after: equals)...])
                }
            }
            entry += 1
        }
        return variables
    }
}

extension [String: String] {
    /// The value of the environment variable `name`, or `nil` when it is unset or empty:
    /// `FOO=` in a Lambda configuration means "not configured", not "configured as nothing".
    func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }
}
