/// A condition, update or key-condition expression with its placeholders, e.g.
/// `attribute_not_exists(#id) OR #status = :completed` with `#id` → `id` and `:completed` → `S`.
///
/// Attribute names always go through `#` placeholders, so that reserved words (`status`, `name`)
/// never break an expression.
public struct DynamoDBExpression: Sendable, Equatable {
    public var text: String
    /// `#placeholder` → attribute name.
    public var names: [String: String]
    /// `:placeholder` → value.
    public var values: [String: DynamoDBValue]

    public init(_ text: String, names: [String: String] = [:], values: [String: DynamoDBValue] = [:]) {
        self.text = text
        self.names = names
        self.values = values
    }
}
