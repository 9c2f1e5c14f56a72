import ByteEncoding

/// The one JSON string escaper (RFC 8259 §7): every JSON text the project writes quotes its strings here.
public enum JSONString {
    /// Appends `string` quoted, with `"` and `\` escaped, `\n`, `\r`, `\t` as such and other
    /// control characters as `\u00XX`; everything else, non-ASCII included, as its UTF-8 bytes.
    public static func append(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case ..<0x20:
                output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                Hex.append(byte, uppercase: false, to: &output)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
