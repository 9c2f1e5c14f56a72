/// Quoted-printable (RFC 2045 §6.7) for text bodies that are not plain short-lined ASCII.
///
/// Lines are at most 76 characters including the `=` of a soft break, an `=XX`
/// escape is never split, spaces and tabs before a line break are escaped so
/// transports that strip trailing whitespace cannot change the text, and a `.`
/// opening a line is escaped so an SMTP hop that forgets dot-stuffing cannot end
/// the message early.
enum QuotedPrintable {
    /// Characters per encoded line, including a soft break's `=`.
    static let lineLength = 76

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends `text` encoded as quoted-printable. Its line breaks, whether CRLF, CR
    /// or LF, become CRLF hard breaks; the text carries no break at the end unless it had one.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { input in
            output.reserveCapacity(output.count + input.count + input.count / 8 + 16)
            var lineLength = 0
            var index = 0
            while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                    output.append(UInt8(ascii: "\r"))
                    output.append(UInt8(ascii: "\n"))
                    lineLength = 0
                    let isCRLF = byte == UInt8(ascii: "\r") && index + 1 < input.count && input[index + 1] == UInt8(ascii: "\n")
                    index += isCRLF ? 2 : 1
                    continue
                }
                let next = index + 1
                let endsLine = next == input.count || input[next] == UInt8(ascii: "\r") || input[next] == UInt8(ascii: "\n")
                // The last character of a line may use the column a soft break's `=` would need.
                let softBreakRoom = endsLine ? 0 : 1
                if lineLength + width(of: byte, endsLine: endsLine, atLineStart: lineLength == 0) + softBreakRoom > Self.lineLength {
                    output.append(UInt8(ascii: "="))
                    output.append(UInt8(ascii: "\r"))
                    output.append(UInt8(ascii: "\n"))
                    lineLength = 0
                }
                if width(of: byte, endsLine: endsLine, atLineStart: lineLength == 0) == 1 {
                    output.append(byte)
                    lineLength += 1
                } else {
                    output.append(UInt8(ascii: "="))
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                    lineLength += 3
                }
                index = next
            }
        }
    }

    /// 1 when `byte` can stand for itself, 3 when it needs an `=XX` escape.
    private static func width(of byte: UInt8, endsLine: Bool, atLineStart: Bool) -> Int {
        switch byte {
        case UInt8(ascii: "="):
            3
        case UInt8(ascii: "."):
            atLineStart ? 3 : 1
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            endsLine ? 3 : 1
        case 0x21...0x7E:
            1
        default:
            3
        }
    }
}
