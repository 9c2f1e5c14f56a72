import JSON

/// Writes one flat JSON object straight into bytes, for log lines and error reports, where going
/// through `Encodable` would cost more than the line itself.
struct JSONObjectWriter {
    private var bytes: [UInt8]
    private var isEmpty = true

    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func add(_ key: String, _ value: String) {
        addKey(key)
        JSONString.append(value, to: &bytes)
    }

    /// Adds a value that is already JSON: a number, `true`, `false`, `null`, `[]`.
    mutating func add(_ key: String, rawJSON: String) {
        addKey(key)
        bytes.append(contentsOf: rawJSON.utf8)
    }

    /// The bytes of the object, closed.
    consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func addKey(_ key: String) {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        isEmpty = false
        JSONString.append(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }
}
