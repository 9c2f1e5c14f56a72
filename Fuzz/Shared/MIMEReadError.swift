/// Why the writer's output did not read back: the broken rule and where it was seen.
struct MIMEReadError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
