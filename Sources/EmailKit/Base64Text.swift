import ByteEncoding

/// Base64 text (RFC 4648 §4) in its one canonical form: exactly what encoding its bytes produces.
///
/// That is the standard alphabet (`A-Z a-z 0-9 + /`), no line breaks or other whitespace, a
/// length that is a multiple of four, `=` only as the padding of the last quantum, and the
/// unused bits of a padded quantum zero. Every byte sequence has exactly one such text, so the
/// MIME writer can send it as it is, cut into lines, instead of decoding a producer's base64 and
/// encoding it again: for a 100 KB attachment that is two passes saved per message.
public struct Base64Text: Sendable, Hashable {
    /// The canonical text as ASCII bytes.
    public let encoded: [UInt8]
    /// How many bytes the text decodes to.
    public let decodedCount: Int

    /// The text, or `nil` unless it is canonical as described on the type; the empty text is
    /// canonical and decodes to no bytes.
    ///
    /// Only checks: one pass over the characters, nothing decoded, then one copy of the bytes.
    /// Text that is valid base64 but not canonical (wrapped in lines, or with stray bits in the
    /// padded quantum) is refused here; decode it with a lenient decoder and attach the bytes.
    public init?(canonical text: some Collection<UInt8>) {
        switch text.withContiguousStorageIfAvailable(Self.decodedCount(ofCanonical:)) {
        case .some(.some(let count)):
            encoded = Array(text)
            decodedCount = count
        case .some(.none):
            return nil
        case .none:
            // Not contiguous in memory (a lazy view, say): check the copy instead.
            let bytes = Array(text)
            guard let count = bytes.withUnsafeBufferPointer(Self.decodedCount(ofCanonical:)) else { return nil }
            encoded = bytes
            decodedCount = count
        }
    }

    /// The bytes the text stands for. Decodes the whole text on every call.
    public func decoded() -> [UInt8] {
        // Canonical text is one unbroken run of whole quanta, which decodeUnbroken always takes;
        // only the empty text (no quantum) gives nil.
        encoded.withUnsafeBufferPointer { Base64Decoder.decodeUnbroken($0) } ?? []
    }

    /// The 6-bit value of each alphabet character; `notInAlphabet` for every other byte, `=` included.
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: notInAlphabet, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            values[Int(character)] = UInt8(value)
        }
        return values
    }()

    /// Above every 6-bit value, so that OR-ing the values of a run and testing the top bits finds
    /// a foreign character anywhere in it with one branch.
    private static let notInAlphabet: UInt8 = 0xFF

    /// The decoded length of `text` if it is canonical base64, else `nil`.
    static func decodedCount(ofCanonical text: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = text.count
        guard count % 4 == 0 else { return nil }
        guard count > 0, let characters = text.baseAddress else { return 0 }
        let equals = UInt8(ascii: "=")
        let padding = characters[count - 1] != equals ? 0 : characters[count - 2] != equals ? 1 : 2
        let unpadded = count - padding
        // `=` is not in the alphabet, so padding anywhere before the end fails below like any
        // foreign character. Thirty-two characters per step, with no branch on what they are:
        // a table lookup per character cost four times as much for a 100 KB attachment.
        var index = 0
        var allInAlphabet = SIMDMask<SIMD16<Int8>>(repeating: true)
        let raw = UnsafeRawPointer(characters)
        while unpadded - index >= 32 {
            allInAlphabet .&= isInAlphabet(raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self))
            allInAlphabet .&= isInAlphabet(raw.loadUnaligned(fromByteOffset: index + 16, as: SIMD16<UInt8>.self))
            index += 32
        }
        guard all(allInAlphabet) else { return nil }
        return values.withUnsafeBufferPointer { values -> Int? in
            var seen: UInt8 = 0
            while index < unpadded {
                seen |= values[Int(characters[index])]
                index += 1
            }
            guard seen & 0xC0 == 0 else { return nil }
            // The last character before the padding carries bits no byte uses: four of them with
            // two `=`, two with one. An encoder writes them as zero; anything else would decode to
            // the same bytes as a different text, so it is not canonical.
            let unusedBits: UInt8 = padding == 2 ? 0x0F : padding == 1 ? 0x03 : 0
            guard values[Int(characters[unpadded - 1])] & unusedBits == 0 else { return nil }
            return count / 4 * 3 - padding
        }
    }

    /// Which of sixteen characters are in the alphabet, by arithmetic rather than a table so that
    /// all sixteen are judged at once.
    ///
    /// The vector types are spelled out: with `SIMD16(repeating:)` left to inference the compiler
    /// chose the generic comparisons, one lane at a time and over two hundred times slower.
    @inline(__always)
    private static func isInAlphabet(_ characters: SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>> {
        // Setting bit 5 turns A-Z into a-z and no other byte into a letter; subtracting the first
        // character of a range wraps everything below it past the range's end.
        let folded = characters | SIMD16<UInt8>(repeating: 0x20)
        let letter = (folded &- SIMD16<UInt8>(repeating: UInt8(ascii: "a"))) .< SIMD16<UInt8>(repeating: 26)
        let digit = (characters &- SIMD16<UInt8>(repeating: UInt8(ascii: "0"))) .< SIMD16<UInt8>(repeating: 10)
        // '+' (0x2B) and '/' (0x2F) are the only bytes that setting bit 2 turns into '/'.
        let sign = (characters | SIMD16<UInt8>(repeating: 0x04)) .== SIMD16<UInt8>(repeating: UInt8(ascii: "/"))
        return letter .| digit .| sign
    }
}

extension Base64Lines {
    /// Appends canonical base64 `text` cut into lines of at most 76 characters, each ending in CRLF:
    /// the very bytes `appendLines(of:)` writes for the bytes `text` decodes to, since those bytes
    /// have no other canonical encoding and lines of 76 characters hold 57 bytes each.
    static func appendLines(of text: Base64Text, to output: inout [UInt8]) {
        text.encoded.withUnsafeBufferPointer { input in
            output.appendInPlace(atMost: Base64Lines.lineEncodedCount(text.decodedCount)) { out in
                guard let characters = input.baseAddress else {
                    return 0
                }
                // One copy per line: the text is already what goes out, only the CRLFs are new.
                var read = 0
                var written = 0
                while read < input.count {
                    let lineCharacters = min(Base64Lines.lineLength, input.count - read)
                    (out + written).update(from: characters + read, count: lineCharacters)
                    written += lineCharacters
                    out[written] = UInt8(ascii: "\r")
                    out[written + 1] = UInt8(ascii: "\n")
                    written += 2
                    read += lineCharacters
                }
                return written
            }
        }
    }
}
