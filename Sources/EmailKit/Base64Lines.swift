/// Base64 (RFC 4648 §4) as MIME needs it: bodies in lines of 76 characters
/// (RFC 2045 §6.8), and single runs for RFC 2047 encoded-words.
///
/// Writes straight into the output buffer through pointers, because a 10 MB
/// attachment passes through here once per message.
enum Base64Lines {
    /// Characters per body line, the RFC 2045 maximum.
    static let lineLength = 76
    /// Input bytes per full body line.
    private static let bytesPerLine = lineLength / 4 * 3

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The length of the base64 text for `byteCount` bytes, without line breaks.
    static func encodedCount(_ byteCount: Int) -> Int {
        (byteCount + 2) / 3 * 4
    }

    /// Appends `bytes` as base64 lines of at most 76 characters, each ending in CRLF.
    static func appendLines(of bytes: [UInt8], to output: inout [UInt8]) {
        let lineCount = (bytes.count + bytesPerLine - 1) / bytesPerLine
        append(bytes, to: &output, extraCount: 2 * lineCount) { input, count, out in
            var written = 0
            var offset = 0
            while offset < count {
                let lineBytes = min(bytesPerLine, count - offset)
                written += encode(input + offset, count: lineBytes, into: out + written)
                out[written] = UInt8(ascii: "\r")
                out[written + 1] = UInt8(ascii: "\n")
                written += 2
                offset += lineBytes
            }
        }
    }

    /// Appends `bytes` as one run of base64 with no line breaks.
    static func append(_ bytes: [UInt8], to output: inout [UInt8]) {
        append(bytes, to: &output, extraCount: 0) { input, count, out in
            _ = encode(input, count: count, into: out)
        }
    }

    /// Encodes into a buffer of exactly the encoded size, filled by `body`, and appends it to `output`.
    private static func append(
        _ bytes: [UInt8],
        to output: inout [UInt8],
        extraCount: Int,
        body: (UnsafePointer<UInt8>, Int, UnsafeMutablePointer<UInt8>) -> Void
    ) {
        guard !bytes.isEmpty else {
            return
        }
        let count = encodedCount(bytes.count) + extraCount
        let encoded = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBufferPointer { input in
                if let inputBase = input.baseAddress, let outputBase = buffer.baseAddress {
                    body(inputBase, input.count, outputBase)
                }
            }
            initialized = count
        }
        output.append(contentsOf: encoded)
    }

    /// Encodes `count` bytes, padding the last group with `=`; returns the characters written.
    private static func encode(_ input: UnsafePointer<UInt8>, count: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        alphabet.withUnsafeBufferPointer { table in
            var i = 0
            var o = 0
            while i + 3 <= count {
                let group = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                out[o] = table[Int(group >> 18)]
                out[o + 1] = table[Int(group >> 12 & 0x3F)]
                out[o + 2] = table[Int(group >> 6 & 0x3F)]
                out[o + 3] = table[Int(group & 0x3F)]
                i += 3
                o += 4
            }
            let remaining = count - i
            if remaining > 0 {
                let second = remaining == 2 ? UInt32(input[i + 1]) : 0
                let group = UInt32(input[i]) << 16 | second << 8
                out[o] = table[Int(group >> 18)]
                out[o + 1] = table[Int(group >> 12 & 0x3F)]
                out[o + 2] = remaining == 2 ? table[Int(group >> 6 & 0x3F)] : UInt8(ascii: "=")
                out[o + 3] = UInt8(ascii: "=")
                o += 4
            }
            return o
        }
    }
}
