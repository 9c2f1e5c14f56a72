/// Base64 (RFC 4648 §4) as MIME needs it: bodies in lines of 76 characters
/// (RFC 2045 §6.8), and single runs for RFC 2047 encoded-words and JSON blobs.
///
/// Writes straight into the output buffer through pointers, because a 10 MB
/// attachment passes through here once per message, and its MIME text once more
/// on its way to SES.
public enum Base64Lines {
    /// Characters per body line, the RFC 2045 maximum.
    public static let lineLength = 76
    /// Input bytes per full body line.
    private static let bytesPerLine = lineLength / 4 * 3

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The two characters for each 12-bit value, first character in the low byte: two lookups
    /// encode three bytes, half the lookups of the 64-entry alphabet. 8 KB, so it stays in L1.
    private static let characterPairs: [UInt16] = (0..<4096).map { value in
        UInt16(alphabet[value >> 6]) | UInt16(alphabet[value & 0x3F]) << 8
    }

    /// The length of the base64 text for `byteCount` bytes, without line breaks.
    public static func encodedCount(_ byteCount: Int) -> Int {
        (byteCount + 2) / 3 * 4
    }

    /// The length of the base64 text for `byteCount` bytes in lines each ending in CRLF.
    public static func lineEncodedCount(_ byteCount: Int) -> Int {
        let lineCount = (byteCount + bytesPerLine - 1) / bytesPerLine
        return encodedCount(byteCount) + 2 * lineCount
    }

    /// Appends `bytes` as base64 lines of at most 76 characters, each ending in CRLF.
    public static func appendLines(of bytes: [UInt8], to output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { input in
            output.appendInPlace(atMost: lineEncodedCount(input.count)) { out in
                encodeLines(input, into: out)
            }
        }
    }

    /// Appends `bytes` as one run of base64 with no line breaks.
    public static func append(_ bytes: [UInt8], to output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { input in
            output.appendInPlace(atMost: encodedCount(input.count)) { out in
                encode(input, into: out)
            }
        }
    }

    /// Encodes `buffer[start...]` in place as one run of base64 with no line breaks: afterwards
    /// `buffer[start...]` is its base64 text, `encodedCount` bytes long.
    ///
    /// For a large blob inside a request body (a raw MIME message in SES's JSON): written
    /// straight into the body and encoded there, it never exists in a buffer of its own. The array
    /// grows by about a third; reserve that capacity beforehand and nothing is copied elsewhere.
    public static func encodeInPlace(_ buffer: inout [UInt8], from start: Int) {
        let count = buffer.count - start
        let growth = encodedCount(count) - count
        guard count > 0 else {
            return
        }
        buffer.append(contentsOf: repeatElement(0, count: growth))
        buffer.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else {
                return
            }
            // The input moves to the end; the output, written from the front, then never reaches
            // input still to be read: it starts `growth` (at least a third of the input) behind and
            // gains one byte for every three read, at most eight ahead of the next read.
            (base + start + growth).update(from: base + start, count: count)
            _ = encode(UnsafeBufferPointer(start: base + start + growth, count: count), into: base + start)
        }
    }

    /// Writes `input` as base64 lines each ending in CRLF into `out`, which has room for
    /// `lineEncodedCount(input.count)` bytes; returns the bytes written.
    public static func encodeLines(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        var offset = 0
        while offset < input.count {
            let lineBytes = min(bytesPerLine, input.count - offset)
            written += encode(UnsafeBufferPointer(rebasing: input[offset..<(offset + lineBytes)]), into: out + written)
            out[written] = UInt8(ascii: "\r")
            out[written + 1] = UInt8(ascii: "\n")
            written += 2
            offset += lineBytes
        }
        return written
    }

    /// Writes `input` as one run of base64 into `out`, which has room for `encodedCount(input.count)`
    /// bytes, padding the last group with `=`; returns the bytes written.
    public static func encode(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let source = input.baseAddress else {
            return 0
        }
        let count = input.count
        let destination = UnsafeMutableRawPointer(out)
        return characterPairs.withUnsafeBufferPointer { pairs in
            var i = 0
            var o = 0
            // Six bytes per step: one big-endian load of eight (the last two unused, hence the
            // bound), four pair lookups, one eight-byte store.
            while i + 8 <= count {
                let word = UInt64(bigEndian: UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self))
                let first = UInt64(pairs[Int(truncatingIfNeeded: word >> 52)])
                let second = UInt64(pairs[Int(truncatingIfNeeded: word >> 40) & 0xFFF])
                let third = UInt64(pairs[Int(truncatingIfNeeded: word >> 28) & 0xFFF])
                let fourth = UInt64(pairs[Int(truncatingIfNeeded: word >> 16) & 0xFFF])
                // Characters are stored in output order, so the first pair goes to the lowest address.
                destination.storeBytes(of: (first | second << 16 | third << 32 | fourth << 48).littleEndian, toByteOffset: o, as: UInt64.self)
                i += 6
                o += 8
            }
            while i + 3 <= count {
                let group = Int(source[i]) << 16 | Int(source[i + 1]) << 8 | Int(source[i + 2])
                let characters = UInt32(pairs[group >> 12]) | UInt32(pairs[group & 0xFFF]) << 16
                destination.storeBytes(of: characters.littleEndian, toByteOffset: o, as: UInt32.self)
                i += 3
                o += 4
            }
            let remaining = count - i
            if remaining > 0 {
                let second = remaining == 2 ? Int(source[i + 1]) : 0
                let group = Int(source[i]) << 16 | second << 8
                let characters = pairs[group >> 12]
                out[o] = UInt8(truncatingIfNeeded: characters)
                out[o + 1] = UInt8(truncatingIfNeeded: characters >> 8)
                out[o + 2] = remaining == 2 ? UInt8(truncatingIfNeeded: pairs[group & 0xFFF]) : UInt8(ascii: "=")
                out[o + 3] = UInt8(ascii: "=")
                o += 4
            }
            return o
        }
    }
}
