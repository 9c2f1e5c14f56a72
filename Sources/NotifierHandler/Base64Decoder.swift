/// Strict base64 (RFC 4648 §4) decoding of attachment content and API Gateway bodies, line breaks
/// and spaces ignored as the encoders producers use insert them. One pass over the UTF-8 bytes, no intermediate strings.
enum Base64Decoder {
    private static let invalid: UInt8 = 0xFF
    private static let skipped: UInt8 = 0xFE
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        for whitespace in [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")] {
            table[Int(whitespace)] = skipped
        }
        return table
    }()

    /// The decoded bytes, or `nil` when `text` is not base64: a character outside the alphabet,
    /// a length that is not a multiple of four, or padding anywhere but at the end.
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    private static func decode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var quantum: UInt32 = 0
        var count = 0
        var padding = 0
        for byte in input {
            let value = table[Int(byte)]
            if value == skipped { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                guard padding <= 2 else { return nil }
                quantum <<= 6
                count += 1
            } else {
                guard value != invalid, padding == 0 else { return nil }
                quantum = quantum << 6 | UInt32(value)
                count += 1
            }
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: quantum >> 16))
                if padding < 2 { output.append(UInt8(truncatingIfNeeded: quantum >> 8)) }
                if padding < 1 { output.append(UInt8(truncatingIfNeeded: quantum)) }
                quantum = 0
                count = 0
                if padding > 0 { padding = 3 }  // nothing may follow a padded quantum
            }
        }
        // `padding == 3` marks a completed padded quantum; a partial quantum is malformed.
        guard count == 0 else { return nil }
        return output
    }
}
