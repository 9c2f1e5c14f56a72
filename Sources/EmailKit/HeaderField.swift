/// One header field as it is being written, `Name: value`, folded (CRLF and a
/// space) before a word that would take its line past 76 characters.
///
/// Values go in as words; the space before each word is the only place a fold
/// can happen, so folding never changes what a reader unfolds.
struct HeaderField {
    /// RFC 2047 and RFC 5322 §2.1.1 ask for lines of at most 76 (78) characters.
    static let preferredLineLength = 76
    /// Raw words longer than this are sent as encoded-words instead, which can be
    /// split, so no line can reach RFC 5322's hard limit of 998 octets.
    static let maximumRawWordLength = 900
    /// RFC 5322 §2.1.1's recommended limit on a line, which display names keep to.
    static let recommendedLineLength = 78

    private(set) var bytes: [UInt8]
    private var lineLength: Int
    private var lineHasWords = false

    /// Starts a field named `name`, which must already be a valid field name.
    init(name: String) {
        bytes = Array(name.utf8)
        bytes.reserveCapacity(128)
        bytes.append(UInt8(ascii: ":"))
        lineLength = bytes.count
    }

    /// Room for a word after its separating space on the current line.
    var roomOnLine: Int {
        Self.preferredLineLength - lineLength - 1
    }

    /// Appends a space and `word`, folding first when the word would not fit and
    /// the line already holds one. A word longer than a line stays whole. An empty
    /// word (a second space) never folds: RFC 5322 §3.2.2 forbids a line of only whitespace.
    mutating func appendWord(_ word: some Collection<UInt8>) {
        let count = word.count
        if lineHasWords && count > 0 && lineLength + 1 + count > Self.preferredLineLength {
            bytes.append(UInt8(ascii: "\r"))
            bytes.append(UInt8(ascii: "\n"))
            lineLength = 0
        }
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: word)
        lineLength += 1 + count
        lineHasWords = true
    }

    mutating func appendWord(_ word: String) {
        appendWord(word.utf8)
    }

    /// Appends `text` straight after the last word, with no space and no chance to fold.
    mutating func appendToLastWord(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        lineLength += text.utf8.count
    }

    /// Appends the finished field and its closing CRLF to `output`.
    func append(to output: inout [UInt8]) {
        output.append(contentsOf: bytes)
        output.append(UInt8(ascii: "\r"))
        output.append(UInt8(ascii: "\n"))
    }

    // MARK: - Values

    /// Appends unstructured text (RFC 5322 §3.2.5) such as a subject: as plain words
    /// when it is printable ASCII in single-space-separated words, otherwise as
    /// encoded-words, which also carry exact whitespace and control characters.
    mutating func appendText(_ text: String) {
        if Self.isPlainText(text, allowingByte: { (0x21...0x7E).contains($0) }, maximumWordLength: Self.maximumRawWordLength) {
            for word in text.utf8.split(separator: UInt8(ascii: " ")) {
                appendWord(word)
            }
        } else {
            appendEncodedWords(text)
        }
    }

    /// Appends a display name (RFC 5322 `phrase`): as atoms when it is only atext
    /// words, as a quoted-string when it is other printable ASCII, as encoded-words
    /// when it holds non-ASCII text.
    ///
    /// A long quoted-string folds at its own spaces: RFC 5322 §3.2.4 lets FWS stand
    /// inside the quotes, and unfolding restores the exact text. A name with a word too long for
    /// a line of 78 characters goes as encoded-words, which can be split: unlike unstructured text
    /// (where a long word may be a URL that must stay whole), a name loses nothing by it.
    mutating func appendPhrase(_ phrase: String) {
        // A word after a fold has a line to itself after one space; the first word of a field
        // shares its line with the field name.
        let maximumWordLength = Self.recommendedLineLength - 1 - (lineHasWords ? 0 : lineLength)
        if Self.isPlainText(phrase, allowingByte: \.isAtext, maximumWordLength: maximumWordLength) {
            for word in phrase.utf8.split(separator: UInt8(ascii: " ")) {
                appendWord(word)
            }
        } else if let words = Self.quotedString(phrase)?.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false),
                  Self.fitsLineLimit(words, maximumWordLength: maximumWordLength) {
            for word in words {
                appendWord(word)
            }
        } else {
            appendEncodedWords(phrase)
        }
    }

    /// Appends `Name <address>` or a bare address in its ASCII wire form, with a
    /// comma after it when more addresses follow.
    mutating func appendAddress(_ address: EmailAddress, followedByComma: Bool) {
        let comma = followedByComma ? "," : ""
        if let name = address.displayName {
            appendPhrase(name)
            appendWord("<\(address.asciiAddress)>\(comma)")
        } else {
            appendWord(address.asciiAddress + comma)
        }
    }

    /// Appends `; name=value`; `value` must already be a token or quoted-string.
    mutating func appendParameter(_ name: String, _ value: String) {
        appendToLastWord(";")
        appendWord("\(name)=\(value)")
    }

    /// Appends `text` as encoded-words. Text that fits one word stays one word, on
    /// a new line if need be; longer text starts in the room left on this line.
    mutating func appendEncodedWords(_ text: String) {
        let fullLine = min(EncodedWord.maximumLength, Self.preferredLineLength - 1)
        let fitsOneWord = EncodedWord.length(ofWordHolding: text.utf8.count) <= fullLine
        let words = EncodedWord.words(
            for: text,
            firstLength: roomOnLine >= EncodedWord.minimumLength && !fitsOneWord ? roomOnLine : fullLine,
            laterLength: fullLine
        )
        for word in words {
            appendWord(word)
        }
    }

    // MARK: - Choosing a form

    /// Whether `text` is non-empty words of allowed bytes joined by single spaces,
    /// none longer than `maximumWordLength`, and no `=?` that a reader could take for
    /// an encoded-word.
    private static func isPlainText(_ text: String, allowingByte isAllowed: (UInt8) -> Bool, maximumWordLength: Int) -> Bool {
        var wordLength = 0
        var previous = UInt8(ascii: " ")
        for byte in text.utf8 {
            if byte == UInt8(ascii: " ") {
                guard wordLength > 0 else { return false }
                wordLength = 0
            } else {
                guard isAllowed(byte), !(previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?")) else {
                    return false
                }
                wordLength += 1
                guard wordLength <= maximumWordLength else { return false }
            }
            previous = byte
        }
        return wordLength > 0
    }

    /// Whether folding `words` (a quoted-string split at its spaces) leaves no run longer than
    /// `maximumWordLength` on a line. A run of spaces cannot be folded, since that would leave a
    /// line of only whitespace, so it stays on the line of the word before it and counts towards
    /// that word's length.
    private static func fitsLineLimit(_ words: [ArraySlice<UInt8>], maximumWordLength: Int) -> Bool {
        var unfoldable = 0
        for word in words {
            unfoldable = word.isEmpty ? unfoldable + 1 : word.count
            if unfoldable > maximumWordLength { return false }
        }
        return true
    }

    /// `text` as an RFC 5322 quoted-string, or `nil` when it holds anything but printable
    /// ASCII or holds `=?`, which some readers decode even inside quotes.
    static func quotedString(_ text: String) -> [UInt8]? {
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        quoted.reserveCapacity(text.utf8.count + 8)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            guard (0x20...0x7E).contains(byte), !(previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?")) else {
                return nil
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                quoted.append(UInt8(ascii: "\\"))
            }
            quoted.append(byte)
            previous = byte
        }
        quoted.append(UInt8(ascii: "\""))
        return quoted
    }
}
