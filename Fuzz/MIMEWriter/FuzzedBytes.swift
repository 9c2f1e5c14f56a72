/// The fuzzer's input read as a sequence of choices; once it runs out every choice is zero,
/// so any input, however short, describes one message.
struct FuzzedBytes {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = Array(bytes)[...]
    }

    mutating func byte() -> UInt8 {
        bytes.popFirst() ?? 0
    }

    mutating func bool() -> Bool {
        byte() & 1 == 1
    }

    /// A number below `bound`, from one or two bytes.
    mutating func number(below bound: Int) -> Int {
        let raw = bound > 256 ? Int(byte()) << 8 | Int(byte()) : Int(byte())
        return raw % bound
    }

    mutating func pick<Element>(_ choices: [Element]) -> Element {
        choices[number(below: choices.count)]
    }

    /// Text of up to `maximumCharacters` pieces: a byte below 0x80 is that ASCII character, a
    /// byte above picks from ``interestingPieces``, and 0x80 repeats the next piece up to
    /// 2,040 times, so that long lines and long words cost the fuzzer only a few bytes.
    mutating func text(maximumCharacters: Int) -> String {
        let count = number(below: maximumCharacters + 1)
        var text = ""
        var produced = 0
        while produced < count, !bytes.isEmpty {
            let choice = byte()
            if choice == 0x80 {
                let repeats = Int(byte()) * 8
                let piece = self.piece(byte())
                text += String(repeating: piece, count: repeats)
                produced += repeats
            } else {
                text += piece(choice)
                produced += 1
            }
        }
        return text
    }

    /// Printable ASCII of up to `maximumCharacters`, for names that must be tokens.
    mutating func asciiToken(maximumCharacters: Int) -> String {
        let count = number(below: maximumCharacters + 1)
        var token: [UInt8] = []
        while token.count < count, !bytes.isEmpty {
            token.append(0x21 + byte() % 0x5E)
        }
        return String(decoding: token, as: UTF8.self)
    }

    mutating func data(maximumCount: Int) -> [UInt8] {
        let count = min(number(below: maximumCount + 1), bytes.count)
        defer { bytes = bytes.dropFirst(count) }
        return Array(bytes.prefix(count))
    }

    private func piece(_ choice: UInt8) -> String {
        choice < 0x80 ? String(UnicodeScalar(choice)) : Self.interestingPieces[Int(choice - 0x80) % Self.interestingPieces.count]
    }

    /// Text that has broken MIME writers: multi-byte UTF-8 of every length, clusters longer than an
    /// encoded-word or an RFC 2231 segment, line breaks and controls, and strings a reader could
    /// take for markup (`=?`, `=_`, a boundary, a header).
    static let interestingPieces: [String] = [
        "é", "€", "😀", "中文", "עברית", "ｶ", "ß", "İ", "e\u{301}", "🇩🇪", "👩‍👩‍👧‍👦", "a" + String(repeating: "\u{301}", count: 40),
        "\u{0}", "\r", "\n", "\r\n", "\t", "\u{7F}", "\u{85}", "\u{2028}", "\u{FEFF}", "\u{200B}", "\u{1F}", "\u{FFFD}",
        " ", "  ", ".", "=", "=?", "?=", "=?utf-8?B?", "=?utf-8?Q?", "=_", "--", "\"", "\\", "<", ">", ",", ";", ":", "@",
        "From: a@example.com", "\r\nBcc: eve@example.com", "\nSubject: forged", "%", "'", "*", "&amp;", "<p>", "</p>",
    ]
}
