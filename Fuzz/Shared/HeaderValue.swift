/// Reads the unfolded header values `MIMEWriter` writes back into what they stand for:
/// unstructured text (RFC 2047 encoded-words), address lists with display names, and
/// `value; name=…` parameters (RFC 2231 file names included).
enum HeaderValue {
    /// A mailbox as read from an address field.
    struct Mailbox: Equatable {
        /// The display name's UTF-8, `nil` when there is none.
        var displayName: [UInt8]?
        /// The address between the angle brackets, or the whole mailbox without a name.
        var address: String
    }

    /// Unstructured text (RFC 5322 §3.2.5, RFC 2047 §6.2): words separated by single spaces, where
    /// the space between two adjacent encoded-words is not part of the text.
    static func unstructured(_ value: [UInt8]) throws(MIMEReadError) -> [UInt8] {
        var text = value[...]
        if text.first == UInt8(ascii: " ") { text = text.dropFirst() }
        var decoded: [UInt8] = []
        var pendingEncoded: [UInt8]?
        var isFirst = true
        for word in text.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false) {
            if let bytes = try encodedWord(word) {
                if pendingEncoded == nil, !isFirst { decoded.append(UInt8(ascii: " ")) }
                pendingEncoded = (pendingEncoded ?? []) + bytes
            } else {
                if let pending = pendingEncoded { decoded.append(contentsOf: pending) }
                pendingEncoded = nil
                if !isFirst { decoded.append(UInt8(ascii: " ")) }
                guard word.allSatisfy({ (0x21...0x7E).contains($0) }) || word.isEmpty else {
                    throw MIMEReadError("raw header word with controls or non-ASCII")
                }
                decoded.append(contentsOf: word)
            }
            isFirst = false
        }
        if let pending = pendingEncoded { decoded.append(contentsOf: pending) }
        return try validUTF8(decoded)
    }

    /// An address field: mailboxes separated by commas, each `phrase <address>` or a bare address.
    static func mailboxes(_ value: [UInt8]) throws(MIMEReadError) -> [Mailbox] {
        var mailboxes: [Mailbox] = []
        var index = 0
        func skipSpaces() {
            while index < value.count, value[index] == UInt8(ascii: " ") || value[index] == UInt8(ascii: "\t") { index += 1 }
        }
        while true {
            skipSpaces()
            // The phrase: atoms, quoted-strings and encoded-words, up to `<`, `,` or the end.
            var items: [(raw: [UInt8], quoted: [UInt8]?)] = []
            var spaceBefore: [Bool] = []
            var sawSpace = false
            while index < value.count, value[index] != UInt8(ascii: "<"), value[index] != UInt8(ascii: ",") {
                if value[index] == UInt8(ascii: " ") || value[index] == UInt8(ascii: "\t") {
                    sawSpace = true
                    index += 1
                    continue
                }
                var raw: [UInt8] = []
                var quoted: [UInt8]?
                while index < value.count, ![UInt8(ascii: " "), UInt8(ascii: "<"), UInt8(ascii: ",")].contains(value[index]) {
                    if value[index] == UInt8(ascii: "\"") {
                        let content = try quotedString(value, at: &index)
                        // Only a word that is one whole quoted-string is a quoted display name.
                        quoted = raw.isEmpty ? content.text : nil
                        raw.append(contentsOf: content.raw)
                    } else {
                        quoted = nil
                        raw.append(value[index])
                        index += 1
                    }
                }
                items.append((raw, quoted))
                spaceBefore.append(sawSpace)
                sawSpace = false
            }
            if index < value.count, value[index] == UInt8(ascii: "<") {
                guard let close = value[index...].firstIndex(of: UInt8(ascii: ">")) else { throw MIMEReadError("'<' without '>'") }
                let address = String(decoding: value[(index + 1)..<close], as: UTF8.self)
                index = close + 1
                mailboxes.append(Mailbox(displayName: try phrase(items, spaceBefore: spaceBefore), address: address))
            } else {
                guard items.count == 1 else { throw MIMEReadError("a mailbox of \(items.count) words without angle brackets") }
                mailboxes.append(Mailbox(displayName: nil, address: String(decoding: items[0].raw, as: UTF8.self)))
            }
            skipSpaces()
            if index == value.count { return mailboxes }
            guard value[index] == UInt8(ascii: ",") else { throw MIMEReadError("mailboxes not separated by a comma") }
            index += 1
        }
    }

    /// `value; name=token; name="quoted"`, the value and names lowercased. RFC 2231 `name*N*`
    /// segments are joined and percent-decoded into `name`.
    static func parameters(of field: [UInt8]) throws(MIMEReadError) -> (value: String, parameters: [(name: String, value: String)]) {
        var pieces: [[UInt8]] = [[]]
        var index = 0
        while index < field.count {
            let byte = field[index]
            if byte == UInt8(ascii: "\"") {
                let content = try quotedString(field, at: &index)
                pieces[pieces.count - 1].append(contentsOf: content.raw)
                continue
            }
            if byte == UInt8(ascii: ";") { pieces.append([]) } else { pieces[pieces.count - 1].append(byte) }
            index += 1
        }
        let value = trimmed(pieces[0]).lowercased()
        var plain: [(name: String, value: String)] = []
        var extended: [(name: String, section: Int, value: [UInt8])] = []
        for piece in pieces.dropFirst() {
            let text = Array(trimmed(piece).utf8)
            guard let equals = text.firstIndex(of: UInt8(ascii: "=")) else { throw MIMEReadError("parameter without '='") }
            let name = String(decoding: text[..<equals], as: UTF8.self).lowercased()
            var rawValue = Array(text[(equals + 1)...])
            if rawValue.first == UInt8(ascii: "\"") {
                var start = 0
                rawValue = try quotedString(rawValue, at: &start).text
            }
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let section = name[name.index(after: star)...].split(separator: "*").first.flatMap { Int($0) } ?? 0
                extended.append((base, section, rawValue))
            } else {
                plain.append((name, String(decoding: rawValue, as: UTF8.self)))
            }
        }
        for name in Set(extended.map(\.name)) {
            let sections = extended.filter { $0.name == name }.sorted { $0.section < $1.section }
            guard sections.map(\.section) == Array(0..<sections.count) else { throw MIMEReadError("RFC 2231 sections of \(name) out of order") }
            var joined = sections.flatMap(\.value)
            let charsetPrefix = Array("utf-8''".utf8)
            guard joined.starts(with: charsetPrefix) else { throw MIMEReadError("RFC 2231 \(name) without utf-8''") }
            joined.removeFirst(charsetPrefix.count)
            plain.append((name, String(decoding: try validUTF8(percentDecoded(joined)), as: UTF8.self)))
        }
        return (value, plain)
    }

    static func trimmed(_ bytes: [UInt8]) -> String {
        var slice = bytes[...]
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { slice = slice.dropFirst() }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    // MARK: - Pieces

    /// The display name: quoted-strings unquoted, atoms as they are, adjacent encoded-words joined.
    private static func phrase(_ items: [(raw: [UInt8], quoted: [UInt8]?)], spaceBefore: [Bool]) throws(MIMEReadError) -> [UInt8]? {
        guard !items.isEmpty else { return nil }
        var decoded: [UInt8] = []
        var previousWasEncoded = false
        for (number, item) in items.enumerated() {
            if let text = item.quoted {
                if number > 0 && spaceBefore[number] { decoded.append(UInt8(ascii: " ")) }
                decoded.append(contentsOf: text)
                previousWasEncoded = false
            } else if let bytes = try encodedWord(item.raw[...]) {
                if number > 0 && spaceBefore[number] && !previousWasEncoded { decoded.append(UInt8(ascii: " ")) }
                decoded.append(contentsOf: bytes)
                previousWasEncoded = true
            } else {
                if number > 0 && spaceBefore[number] { decoded.append(UInt8(ascii: " ")) }
                decoded.append(contentsOf: item.raw)
                previousWasEncoded = false
            }
        }
        return try validUTF8(decoded)
    }

    /// The quoted-string starting at `index`: its raw bytes (quotes included) and its text;
    /// `index` moves past the closing quote.
    private static func quotedString(_ bytes: [UInt8], at index: inout Int) throws(MIMEReadError) -> (raw: [UInt8], text: [UInt8]) {
        let start = index
        var text: [UInt8] = []
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { break }
                text.append(bytes[index + 1])
                index += 2
            } else if byte == UInt8(ascii: "\"") {
                index += 1
                return (Array(bytes[start..<index]), text)
            } else {
                text.append(byte)
                index += 1
            }
        }
        throw MIMEReadError("unterminated quoted-string")
    }

    /// The bytes of an RFC 2047 `=?utf-8?B?…?=` word, or `nil` when `word` is not one.
    private static func encodedWord(_ word: ArraySlice<UInt8>) throws(MIMEReadError) -> [UInt8]? {
        let prefix = Array("=?utf-8?b?".utf8)
        guard word.count >= prefix.count + 2, word.starts(with: "=?".utf8), word.suffix(2).elementsEqual("?=".utf8) else { return nil }
        guard word.prefix(prefix.count).map({ $0 | 0x20 }) == prefix.map({ $0 | 0x20 }) else {
            throw MIMEReadError("an encoded-word that is not utf-8 base64: \(String(decoding: word, as: UTF8.self))")
        }
        guard word.count <= 75 else { throw MIMEReadError("an encoded-word of \(word.count) characters; RFC 2047 allows 75") }
        return try TransferDecoding.base64(word.dropFirst(prefix.count).dropLast(2))
    }

    private static func percentDecoded(_ bytes: [UInt8]) throws(MIMEReadError) -> [UInt8] {
        var decoded: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) else {
                    throw MIMEReadError("bad percent escape in an RFC 2231 value")
                }
                decoded.append(value)
                index += 3
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        return decoded
    }

    private static func validUTF8(_ bytes: [UInt8]) throws(MIMEReadError) -> [UInt8] {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw MIMEReadError("decoded header text is not valid UTF-8") }
        return bytes
    }
}
