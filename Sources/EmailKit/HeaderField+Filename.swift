import ByteEncoding
// MARK: - Attachment file names

extension HeaderField {
    /// Percent-encoded characters per RFC 2231 continuation segment, so that
    /// ` filename*10*=` + segment + `;` stays well inside 76 characters.
    private static let segmentLength = 48
    /// The longest percent-encoded value that fits ` filename*=utf-8''` + value on one line.
    private static let singleValueLength = preferredLineLength - 1 - "filename*=utf-8''".utf8.count

    /// Appends the `filename` parameter of `Content-Disposition` (RFC 2183): quoted
    /// when the name is short printable ASCII, otherwise RFC 2231 `filename*=utf-8''…`
    /// percent-encoded, split into `filename*0*=`, `filename*1*=`, … when long.
    /// Segments end between characters, so each one is whole UTF-8.
    mutating func appendFilenameParameter(_ filename: String) {
        if let quoted = Self.quotedString(filename), quoted.count <= Self.singleValueLength {
            appendParameter("filename", String(decoding: quoted, as: UTF8.self))
            return
        }
        let segments = Self.percentEncodedSegments(filename)
        if segments.count == 1, segments[0].utf8.count <= Self.singleValueLength {
            appendParameter("filename*", "utf-8''" + segments[0])
            return
        }
        for (index, segment) in segments.enumerated() {
            appendParameter("filename*\(index)*", index == 0 ? "utf-8''" + segment : segment)
        }
    }

    /// Appends the legacy `name` parameter of `Content-Type`, which mail clients from
    /// before RFC 2231 read instead: quoted ASCII, or RFC 2047 encoded-words inside the
    /// quotes, the de-facto form those clients understand (RFC 2047 §5 does not bless it,
    /// so strict parsers note a defect and still decode it).
    mutating func appendLegacyNameParameter(_ filename: String) {
        let opening = "name=\""
        if let quoted = Self.quotedString(filename), quoted.count <= Self.preferredLineLength - 1 - "name=".utf8.count {
            appendParameter("name", String(decoding: quoted, as: UTF8.self))
            return
        }
        appendToLastWord(";")
        // Each word has a space before it; the first also carries the opening, and
        // any word may turn out to be the last and carry the closing quote.
        let fullLine = Self.preferredLineLength - 2 - opening.utf8.count
        let firstRoom = roomOnLine - opening.utf8.count - 1
        let words = EncodedWord.words(
            for: filename,
            firstLength: firstRoom >= EncodedWord.minimumLength ? firstRoom : fullLine,
            laterLength: Self.preferredLineLength - 2
        )
        for (index, word) in words.enumerated() {
            var bytes: [UInt8] = index == 0 ? Array(opening.utf8) : []
            bytes.append(contentsOf: word)
            if index == words.count - 1 {
                bytes.append(UInt8(ascii: "\""))
            }
            appendWord(bytes)
        }
    }

    /// `text` percent-encoded as UTF-8 (RFC 5987 `attr-char` left as is), in segments of
    /// at most 48 characters that end between grapheme clusters, or between scalars for a
    /// cluster too long for a segment of its own.
    private static func percentEncodedSegments(_ text: String) -> [String] {
        var segments: [String] = []
        var segment: [UInt8] = []
        segment.reserveCapacity(segmentLength)

        func add(_ encoded: [UInt8]) {
            if segment.count + encoded.count > segmentLength && !segment.isEmpty {
                segments.append(String(decoding: segment, as: UTF8.self))
                segment.removeAll(keepingCapacity: true)
            }
            segment.append(contentsOf: encoded)
        }

        for character in text {
            let encoded = percentEncoded(character.utf8)
            if encoded.count <= segmentLength {
                add(encoded)
            } else {
                for scalar in character.unicodeScalars {
                    add(percentEncoded(scalar.utf8))
                }
            }
        }
        if !segment.isEmpty {
            segments.append(String(decoding: segment, as: UTF8.self))
        }
        return segments
    }

    private static func percentEncoded(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var encoded: [UInt8] = []
        for byte in bytes {
            if byte.isAttributeCharacter {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                Hex.append(byte, uppercase: true, to: &encoded)
            }
        }
        return encoded
    }
}
