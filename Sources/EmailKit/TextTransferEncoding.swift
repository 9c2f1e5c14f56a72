/// How a text body travels: as itself when that is safe, quoted-printable otherwise.
enum TextTransferEncoding {
    /// The text goes as it is, with line breaks made CRLF.
    case sevenBit
    /// The text is quoted-printable encoded.
    case quotedPrintable

    /// Lines longer than this force quoted-printable; RFC 5322 asks for at most 78.
    private static let maximumSevenBitLineLength = 76

    /// `.sevenBit` when `text` is printable ASCII (plus tabs) in lines of at most 76
    /// characters and holds no `=_`, the prefix of every boundary, so a body line can
    /// never be mistaken for one; `.quotedPrintable` otherwise.
    static func choose(for text: String) -> TextTransferEncoding {
        var text = text
        return text.withUTF8 { bytes in
            var lineLength = 0
            var previous: UInt8 = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    lineLength = 0
                case UInt8(ascii: "_") where previous == UInt8(ascii: "="):
                    return .quotedPrintable
                case 0x20...0x7E, UInt8(ascii: "\t"):
                    lineLength += 1
                    if lineLength > maximumSevenBitLineLength {
                        return .quotedPrintable
                    }
                default:
                    return .quotedPrintable
                }
                previous = byte
            }
            return .sevenBit
        }
    }

    /// The `Content-Transfer-Encoding` value.
    var headerValue: String {
        switch self {
        case .sevenBit: "7bit"
        case .quotedPrintable: "quoted-printable"
        }
    }

    /// The number of bytes ``append(_:to:)`` writes for `text`.
    func encodedCount(_ text: String) -> Int {
        switch self {
        case .quotedPrintable:
            return QuotedPrintable.encodedCount(text)
        case .sevenBit:
            // Every line break becomes CRLF: a lone CR or LF gains a byte, a CRLF stays as it is.
            var count = 0
            var previous: UInt8 = 0
            for byte in text.utf8 {
                count += 1
                if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { count += 1 }
                if previous == UInt8(ascii: "\r") && byte != UInt8(ascii: "\n") { count += 1 }
                previous = byte
            }
            return previous == UInt8(ascii: "\r") ? count + 1 : count
        }
    }

    /// Appends `text` in this encoding, with every line break as CRLF.
    func append(_ text: String, to output: inout [UInt8]) {
        switch self {
        case .quotedPrintable:
            QuotedPrintable.append(text, to: &output)
        case .sevenBit:
            var text = text
            text.withUTF8 { bytes in
                output.reserveCapacity(output.count + bytes.count + bytes.count / 16 + 2)
                var runStart = 0
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    guard byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") else {
                        index += 1
                        continue
                    }
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    output.append(UInt8(ascii: "\r"))
                    output.append(UInt8(ascii: "\n"))
                    let isCRLF = byte == UInt8(ascii: "\r") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n")
                    index += isCRLF ? 2 : 1
                    runStart = index
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            }
        }
    }
}
