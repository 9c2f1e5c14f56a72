/// Base64 with the URL- and file-name-safe alphabet of RFC 4648 §5 (`-` and `_` for `+` and `/`),
/// without padding: text that goes into a URL path unescaped.
public enum Base64URL {
    /// `bytes` as unpadded base64url.
    public static func encode(_ bytes: [UInt8]) -> String {
        var standard: [UInt8] = []
        Base64Lines.append(bytes, to: &standard)
        var output: [UInt8] = []
        output.reserveCapacity(standard.count)
        for byte in standard {
            switch byte {
            case UInt8(ascii: "+"): output.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): output.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of unpadded base64url `text`, or `nil` when it holds anything else: a character
    /// outside the alphabet (`+`, `/`, `=`, whitespace included), or a length no encoding has.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var standard: [UInt8] = []
        standard.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                standard.append(byte)
            case UInt8(ascii: "-"): standard.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): standard.append(UInt8(ascii: "/"))
            default: return nil
            }
        }
        switch standard.count % 4 {
        case 1: return nil
        case 2: standard.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        case 3: standard.append(UInt8(ascii: "="))
        default: break
        }
        guard let decoded = standard.withUnsafeBufferPointer(Base64Decoder.decodeStrict) else { return nil }
        // One encoding per byte string: unused low bits of the last character must be zero.
        guard encode(decoded).utf8.count == text.utf8.count, encode(decoded) == String(text) else { return nil }
        return decoded
    }
}
