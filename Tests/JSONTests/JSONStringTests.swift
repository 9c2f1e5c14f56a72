import JSON
import Testing

/// Strings are scanned eight bytes at a time until a quote, backslash or control character: these
/// put each kind of byte at every offset within and across those eight-byte words, and at the end
/// of the input, where the scan finishes byte by byte.
@Suite struct JSONStringTests {
    /// A document of one string: the quote, `content`, and (unless `closed` is false) the closing quote.
    private func document(_ content: [UInt8], closed: Bool = true) -> [UInt8] {
        [UInt8(ascii: "\"")] + content + (closed ? [UInt8(ascii: "\"")] : [])
    }

    private func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsUnescapedStringsOfEveryLengthAroundTheWordSize() throws {
        for length in 0...40 {
            let content = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            #expect(try JSONParser.parse(document(content)) == .string(String(decoding: content, as: UTF8.self)), "length \(length)")
        }
    }

    @Test func keepsBytesNextToTheStoppingOnesAsTheyAre() throws {
        // Neighbours of '"' (0x22), '\' (0x5C) and the control range, and DEL, which is not a control
        // character in JSON: none of them may stop the scan or be taken for one that does.
        let neighbours: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x2F, 0x7E, 0x41, 0x30]
        for offset in 0..<16 {
            let content = [UInt8](repeating: UInt8(ascii: "x"), count: offset) + neighbours
            #expect(try JSONParser.parse(document(content)) == .string(String(decoding: content, as: UTF8.self)), "offset \(offset)")
        }
    }

    @Test func decodesAnEscapeAtEveryOffset() throws {
        let escapes: [(written: String, meant: String)] = [
            (#"\""#, "\""), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\n"#, "\n"), (#"\t"#, "\t"), (#"\u00e9"#, "é"), (#"\ud83d\ude00"#, "😀"),
        ]
        for (written, meant) in escapes {
            for offset in 0..<20 {
                let before = String(repeating: "b", count: offset)
                let after = String(repeating: "a", count: 19 - offset)
                let text = "\"" + before + written + after + "\""
                #expect(try JSONParser.parse(Array(text.utf8)) == .string(before + meant + after), "\(written) at \(offset)")
            }
        }
    }

    @Test func decodesRunsBetweenManyEscapes() throws {
        // Base64 as encoders that escape '/' write it: short verbatim runs between escapes.
        let meant = String(repeating: "ab/cdefghij/k//", count: 50)
        let written = meant.replacing("/", with: #"\/"#)
        #expect(try JSONParser.parse(Array(("\"" + written + "\"").utf8)) == .string(meant))
    }

    @Test func refusesAControlCharacterAtEveryOffsetWhereItStands() {
        for control: UInt8 in [0x00, 0x01, 0x0A, 0x1F] {
            for offset in 0..<20 {
                let plain = document([UInt8](repeating: UInt8(ascii: "a"), count: offset) + [control] + Array("tail".utf8))
                #expect(syntaxError(plain) == JSONSyntaxError(offset: 1 + offset, reason: "control character in a string"))
                // The same after an escape, where the string is being copied.
                let escaped = document(Array(#"\n"#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: offset) + [control] + Array("tail".utf8))
                #expect(syntaxError(escaped) == JSONSyntaxError(offset: 3 + offset, reason: "control character in a string"))
            }
        }
    }

    @Test func refusesAStringTheInputEndsInAtEveryLength() {
        for length in 0...20 {
            let content = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            let unterminated = document(content, closed: false)
            #expect(syntaxError(unterminated) == JSONSyntaxError(offset: unterminated.count, reason: "unterminated string"))
            let afterEscape = document(Array(#"\t"#.utf8) + content, closed: false)
            #expect(syntaxError(afterEscape) == JSONSyntaxError(offset: afterEscape.count, reason: "unterminated string"))
        }
    }

    @Test func refusesAnEscapeTheInputEndsIn() {
        let bytes = document(Array("abcdefghij\\".utf8), closed: false)
        #expect(syntaxError(bytes) == JSONSyntaxError(offset: bytes.count, reason: "unterminated escape"))
    }

    @Test func readsMultiByteCharactersAcrossWordBoundaries() throws {
        for character in ["é", "€", "😀"] {
            for offset in 0..<12 {
                let text = String(repeating: "a", count: offset) + character + String(repeating: "z", count: 9)
                #expect(try JSONParser.parse(document(Array(text.utf8))) == .string(text), "\(character) at \(offset)")
                let escaped = #"\n"# + text
                #expect(try JSONParser.parse(document(Array(escaped.utf8))) == .string("\n" + text), "\(character) at \(offset) after an escape")
            }
        }
    }

    @Test func refusesInvalidUTF8AtEveryOffsetAtTheStringsStart() {
        // A lone continuation byte, a truncated sequence, an overlong '/', and an encoded surrogate.
        let invalidSequences: [[UInt8]] = [[0x80], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80]]
        for sequence in invalidSequences {
            for offset in 0..<12 {
                let content = [UInt8](repeating: UInt8(ascii: "a"), count: offset) + sequence + Array("tail".utf8)
                let bytes = Array("[1,".utf8) + document(content) + [UInt8(ascii: "]")]
                #expect(syntaxError(bytes) == JSONSyntaxError(offset: 4, reason: "string is not valid UTF-8", path: [.index(1)]), "\(sequence) at \(offset)")
                let escaped = Array("[1,".utf8) + document(Array(#"\r"#.utf8) + content) + [UInt8(ascii: "]")]
                #expect(syntaxError(escaped) == JSONSyntaxError(offset: 4, reason: "string is not valid UTF-8", path: [.index(1)]), "\(sequence) at \(offset) after an escape")
            }
        }
    }

    @Test func readsMemberNamesAndValuesThatEndExactlyOnWordBoundaries() throws {
        // The closing quote of each string in the last byte of an eight-byte word, and the document ending there.
        let value = try JSONParser.parse(Array(#"{"abcdef":"0123456","k":"v"}"#.utf8))
        #expect(value == ["abcdef": "0123456", "k": "v"])
    }
}
