/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Order and duplicates are kept as received or as added: SigV4 signs exactly what is sent,
/// and a response may repeat a field.
///
/// Printed, dumped or reflected, a header set and its fields show the value of every field
/// ``isSensitive(_:)`` names as `<redacted>`, so that a logged request carries no credential.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral,
    CustomStringConvertible, CustomDebugStringConvertible
{
    public struct Field: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// The value, or `<redacted>` when the field carries a credential.
        public var printableValue: String {
            HTTPHeaders.isSensitive(name) ? "<redacted>" : value
        }

        public var description: String { "\(name): \(printableValue)" }

        public var debugDescription: String { description }

        public var customMirror: Mirror {
            Mirror(self, children: ["name": name, "value": printableValue])
        }
    }

    /// The fields whose values are credentials or session secrets, in lowercase.
    private static let sensitiveNames: Set<String> = [
        "authorization", "proxy-authorization", "x-amz-security-token", "cookie", "set-cookie", "x-api-key",
    ]

    /// Whether a field of this name carries a credential or session secret (`Authorization`,
    /// `Proxy-Authorization`, `X-Amz-Security-Token`, `Cookie`, `Set-Cookie`, `X-Api-Key`, in any
    /// case), whose value must never be printed.
    public static func isSensitive(_ name: String) -> Bool {
        sensitiveNames.contains(String(decoding: name.utf8.map(asciiLowercased), as: UTF8.self))
    }

    public private(set) var fields: [Field]

    public init() {
        fields = []
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// Appends a field, keeping any existing field of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field of this name with a single one.
    public mutating func replaceOrAdd(name: String, value: String) {
        fields.removeAll { $0.name.isSameHeaderName(as: name) }
        fields.append(Field(name: name, value: value))
    }

    /// The first value of the field with this name, compared without regard to ASCII case.
    public subscript(name: String) -> String? {
        fields.first { $0.name.isSameHeaderName(as: name) }?.value
    }

    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    public var description: String {
        "[" + fields.map(\.description).joined(separator: ", ") + "]"
    }

    public var debugDescription: String { description }
}

extension String {
    func isSameHeaderName(as other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { asciiLowercased($0) == asciiLowercased($1) }
    }
}

@inline(__always)
private func asciiLowercased(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
}
