import ByteEncoding
/// RFC 2047 encoded-words in UTF-8 and base64, `=?utf-8?B?…?=`, for header text
/// that cannot go as plain ASCII.
///
/// Base64 rather than Q: it is shorter for non-Latin scripts and has no special
/// cases for the characters RFC 2047 §5 forbids in phrases.
enum EncodedWord {
    /// RFC 2047 §2's limit on one encoded-word.
    static let maximumLength = 75

    private static let prefix: [UInt8] = Array("=?utf-8?B?".utf8)
    private static let suffix: [UInt8] = Array("?=".utf8)

    /// The shortest word worth starting: room for one four-byte scalar. Shorter
    /// lengths are raised to this, so every word holds at least one scalar.
    static let minimumLength = prefix.count + suffix.count + Base64Lines.encodedCount(4)

    /// The length of one encoded-word holding `byteCount` bytes of UTF-8.
    static func length(ofWordHolding byteCount: Int) -> Int {
        prefix.count + Base64Lines.encodedCount(byteCount) + suffix.count
    }

    /// `text` as encoded-words, the first at most `firstLength` characters long and
    /// the rest at most `laterLength` (both capped at 75). Words hold whole grapheme
    /// clusters, so no decoder shows half a character; only a cluster too big for a
    /// word of its own is divided, between its Unicode scalars.
    static func words(for text: String, firstLength: Int, laterLength: Int) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var chunk: [UInt8] = []
        var capacity = byteCapacity(firstLength)
        // A first cluster that only a full-length word can hold opens one; the caller folds before it.
        if let first = text.first, first.utf8.count > capacity {
            capacity = max(capacity, byteCapacity(laterLength))
        }
        chunk.reserveCapacity(capacity)

        func finishWord() {
            var word = prefix
            word.reserveCapacity(prefix.count + Base64Lines.encodedCount(chunk.count) + suffix.count)
            Base64Lines.append(chunk, to: &word)
            word.append(contentsOf: suffix)
            words.append(word)
            chunk.removeAll(keepingCapacity: true)
            capacity = byteCapacity(laterLength)
        }

        for character in text {
            let utf8 = character.utf8
            if chunk.count + utf8.count > capacity && !chunk.isEmpty {
                finishWord()
            }
            if chunk.count + utf8.count <= capacity {
                chunk.append(contentsOf: utf8)
                continue
            }
            for scalar in character.unicodeScalars {
                if chunk.count + scalar.utf8.count > capacity {
                    finishWord()
                }
                chunk.append(contentsOf: scalar.utf8)
            }
        }
        if !chunk.isEmpty {
            finishWord()
        }
        return words
    }

    /// How many bytes of text fit in a word of `length` characters: whole base64 groups only.
    private static func byteCapacity(_ length: Int) -> Int {
        let encodedRoom = min(max(length, minimumLength), maximumLength) - prefix.count - suffix.count
        return encodedRoom / 4 * 3
    }
}
