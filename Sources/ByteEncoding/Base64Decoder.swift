/// Strict base64 (RFC 4648 §4) decoding of attachment content and API Gateway bodies, line breaks
/// and spaces ignored as the encoders producers use insert them. One pass over the UTF-8 bytes, no intermediate strings.
public enum Base64Decoder {
    private static let invalid: UInt8 = 0xFF
    private static let skipped: UInt8 = 0xFE
    /// The 6-bit value of each alphabet character; `skipped` for whitespace, `invalid` otherwise
    /// ('=' included: both decoders handle padding by position, not through the table).
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
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { input in decodeUnbroken(input) ?? decodeStrict(input) }
    }

    /// Four characters per step for what encoders send without line breaks (one unbroken run of
    /// whole quanta, padded only at the end); `nil` for anything else, which `decodeStrict` then
    /// judges, so whitespace and every refusal keep the one definition there.
    ///
    /// Where it answers, the answer is `decodeStrict`'s: the same alphabet, padding only in the
    /// last quantum, and the unused bits of a padded quantum dropped unchecked as there.
    public static func decodeUnbroken(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = input.count
        guard count >= 4, count % 4 == 0, let characters = input.baseAddress else { return nil }
        let equals = UInt8(ascii: "=")
        let padding = characters[count - 1] != equals ? 0 : characters[count - 2] != equals ? 1 : 2
        // '=' is `invalid` in the table, so one before the last quantum's padding fails the OR check below.
        return table.withUnsafeBufferPointer { table -> [UInt8]? in
            var valid = true
            let output = [UInt8](unsafeUninitializedCapacity: count / 4 * 3) { output, initialized in
                guard let out = output.baseAddress else { valid = false; return }
                var read = 0
                var written = 0
                let lastQuantum = count - 4
                while read < lastQuantum {
                    let a = table[Int(characters[read])], b = table[Int(characters[read + 1])]
                    let c = table[Int(characters[read + 2])], d = table[Int(characters[read + 3])]
                    // Alphabet values are below 64; whitespace and everything else have the top bits set.
                    guard (a | b | c | d) & 0xC0 == 0 else { valid = false; return }
                    let quantum = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out[written] = UInt8(truncatingIfNeeded: quantum >> 16)
                    out[written + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                    out[written + 2] = UInt8(truncatingIfNeeded: quantum)
                    read += 4
                    written += 3
                }
                let a = table[Int(characters[read])], b = table[Int(characters[read + 1])]
                let c = padding == 2 ? 0 : table[Int(characters[read + 2])]
                let d = padding >= 1 ? 0 : table[Int(characters[read + 3])]
                guard (a | b | c | d) & 0xC0 == 0 else { valid = false; return }
                let quantum = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                out[written] = UInt8(truncatingIfNeeded: quantum >> 16)
                if padding < 2 { out[written + 1] = UInt8(truncatingIfNeeded: quantum >> 8) }
                if padding < 1 { out[written + 2] = UInt8(truncatingIfNeeded: quantum) }
                initialized = written + 3 - padding
            }
            return valid ? output : nil
        }
    }

    /// One character at a time, whitespace skipped: the definition of what is accepted.
    public static func decodeStrict(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
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
