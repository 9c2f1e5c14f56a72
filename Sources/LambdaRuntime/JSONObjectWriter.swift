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
        bytes.appendJSONString(value)
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
        bytes.appendJSONString(key)
        bytes.append(UInt8(ascii: ":"))
    }
}

extension [UInt8] {
    /// Appends `string` as a quoted JSON string.
    mutating func appendJSONString(_ string: String) {
        append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): append(contentsOf: [0x5C, 0x5C])
            case 0x0A: append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            default: append(byte)
            }
        }
        append(UInt8(ascii: "\""))
    }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
