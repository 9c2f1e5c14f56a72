/// A variable the data does not have, and where the template uses it.
public struct MustacheMissingVariable: Sendable, Equatable, CustomStringConvertible {
    /// The name as written in the tag, e.g. `order.customer.name`.
    public var name: String
    public var location: MustacheLocation

    public init(_ name: String, at location: MustacheLocation) {
        self.name = name
        self.location = location
    }

    /// `missing variable \`total\` at line 40, column 95`.
    public var description: String { "missing variable `\(name)` at \(location)" }
}
