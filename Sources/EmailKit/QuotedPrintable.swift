import ByteEncoding
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


    /// What each byte needs, so the loop does one table lookup instead of a chain of comparisons.
    private enum ByteClass: UInt8 {
        /// Printable ASCII but `=` and `.`: always stands for itself.
        case literal
        /// `.`: stands for itself unless it opens a line.
        case dot
        /// Space or tab: stands for itself unless it ends a line.
        case blank
        /// CR or LF: a line break.
        case lineBreak
        /// `=`, other control characters and every non-ASCII byte: always `=XX`.
        case escaped
    }

    private static let byteClasses: [ByteClass] = (0...255).map { (byte: UInt8) in
        switch byte {
        case UInt8(ascii: "="): .escaped
        case UInt8(ascii: "."): .dot
        case UInt8(ascii: " "), UInt8(ascii: "\t"): .blank
        case UInt8(ascii: "\r"), UInt8(ascii: "\n"): .lineBreak
        case 0x21...0x7E: .literal
        default: .escaped
        }
    }

    /// Input bytes encoded per step. Output room is set aside for the worst case of each step,
    /// about three times its size, so a long text never needs that much spare capacity at once.
    private static let stepLength = 4096

    /// Appends `text` encoded as quoted-printable. Its line breaks, whether CRLF, CR
    /// or LF, become CRLF hard breaks; the text carries no break at the end unless it had one.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { input in
            var index = 0
            var lineLength = 0
            while index < input.count {
                let end = min(index + stepLength, input.count)
                let stepCount = end - index
                // Every byte becomes at most 3 characters. A soft break (3 more) comes only once a
                // line holds at least 73 characters: at most once for the line this step continues,
                // then after at least 25 more bytes each time.
                output.appendInPlace(atMost: 3 * stepCount + 3 * (stepCount / 25 + 1)) { out in
                    encode(input, upTo: end, from: &index, lineLength: &lineLength, into: out)
                }
            }
        }
    }

    /// The number of bytes ``append(_:to:)`` writes for `text`, found by encoding it one step at a
    /// time into the same small buffer.
    static func encodedCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { input in
            var scratch: [UInt8] = []
            var total = 0
            var index = 0
            var lineLength = 0
            while index < input.count {
                let end = min(index + stepLength, input.count)
                let stepCount = end - index
                scratch.removeAll(keepingCapacity: true)
                scratch.appendInPlace(atMost: 3 * stepCount + 3 * (stepCount / 25 + 1)) { out in
                    encode(input, upTo: end, from: &index, lineLength: &lineLength, into: out)
                }
                total += scratch.count
            }
            return total
        }
    }

    /// Encodes `input` from `index` into `out` until `index` reaches `end`, or one past it when a
    /// CRLF straddles `end`; `lineLength` is the length of the output line so far, carried between
    /// calls. Returns the bytes written.
    private static func encode(
        _ input: UnsafeBufferPointer<UInt8>,
        upTo end: Int,
        from start: inout Int,
        lineLength carriedLineLength: inout Int,
        into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        // Locals rather than the inout parameters, so the loop keeps them in registers.
        var index = start
        var lineLength = carriedLineLength
        defer {
            start = index
            carriedLineLength = lineLength
        }
        return byteClasses.withUnsafeBufferPointer { classes in
            let count = input.count
            var written = 0
            while index < end {
                let byte = input[index]
                let byteClass = classes[Int(byte)]
                // Most bytes: a character standing for itself with room after it for a soft
                // break's `=` whatever comes next, so the checks below cannot change anything.
                // Wrapping additions: all three stay far below Int.max, and the overflow
                // checks would be a third of this path's instructions.
                if byteClass == .literal && lineLength < Self.lineLength - 1 {
                    out[written] = byte
                    written &+= 1
                    lineLength &+= 1
                    index &+= 1
                    continue
                }
                if byteClass == .lineBreak {
                    out[written] = UInt8(ascii: "\r")
                    out[written + 1] = UInt8(ascii: "\n")
                    written += 2
                    lineLength = 0
                    let isCRLF = byte == UInt8(ascii: "\r") && index + 1 < count && input[index + 1] == UInt8(ascii: "\n")
                    index += isCRLF ? 2 : 1
                    continue
                }
                let next = index + 1
                let endsLine = next == count || classes[Int(input[next])] == .lineBreak
                // The last character of a line may use the column a soft break's `=` would need.
                let softBreakRoom = endsLine ? 0 : 1
                var width = width(of: byteClass, endsLine: endsLine, atLineStart: lineLength == 0)
                if lineLength + width + softBreakRoom > Self.lineLength {
                    out[written] = UInt8(ascii: "=")
                    out[written + 1] = UInt8(ascii: "\r")
                    out[written + 2] = UInt8(ascii: "\n")
                    written += 3
                    lineLength = 0
                    // A `.` moved to the start of the new line now needs escaping.
                    width = Self.width(of: byteClass, endsLine: endsLine, atLineStart: true)
                }
                if width == 1 {
                    out[written] = byte
                    written += 1
                } else {
                    out[written] = UInt8(ascii: "=")
                    out[written + 1] = Hex.digit(byte >> 4, uppercase: true)
                    out[written + 2] = Hex.digit(byte, uppercase: true)
                    written += 3
                }
                lineLength += width
                index = next
            }
            return written
        }
    }

    /// 1 when a byte of `byteClass` can stand for itself, 3 when it needs an `=XX` escape.
    private static func width(of byteClass: ByteClass, endsLine: Bool, atLineStart: Bool) -> Int {
        switch byteClass {
        case .literal: 1
        case .dot: atLineStart ? 3 : 1
        case .blank: endsLine ? 3 : 1
        case .lineBreak, .escaped: 3
        }
    }
}
