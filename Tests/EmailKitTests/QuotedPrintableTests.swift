import Foundation
import Testing
import TestSupport
@testable import EmailKit

@Suite struct QuotedPrintableTests {
    static let awkwardTexts = [
        String(repeating: "0123456789", count: 200),
        String(repeating: "Grüße, 世界! 🎉 ", count: 100),
        String(repeating: "=", count: 300),
        String(repeating: "a", count: 73) + "é" + String(repeating: "b", count: 200),
        String(repeating: " ", count: 200) + "\n" + String(repeating: "\t", count: 100),
        (1...80).map { String(repeating: "x", count: $0) + " " }.joined(separator: "\n"),
    ]

    static func encodedLines(_ text: String) -> [[UInt8]] {
        var output: [UInt8] = []
        QuotedPrintable.append(text, to: &output)
        return output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        }
    }

    @Test(arguments: awkwardTexts)
    func linesNeverExceed76Characters(text: String) {
        #expect(Self.encodedLines(text).allSatisfy { $0.count <= 76 })
    }

    @Test(arguments: awkwardTexts)
    func escapesAreNeverSplitAcrossLines(text: String) {
        let isHex: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
        for line in Self.encodedLines(text) {
            var index = 0
            while index < line.count {
                if line[index] == UInt8(ascii: "=") && index != line.count - 1 {
                    #expect(index + 2 < line.count && isHex(line[index + 1]) && isHex(line[index + 2]), "\(String(decoding: line, as: UTF8.self))")
                    index += 3
                } else {
                    index += 1
                }
            }
        }
    }

    @Test(arguments: awkwardTexts)
    func noLineEndsInWhitespace(text: String) {
        #expect(Self.encodedLines(text).allSatisfy { $0.last != UInt8(ascii: " ") && $0.last != UInt8(ascii: "\t") })
    }

    @Test(arguments: awkwardTexts)
    func outputIsPrintableASCIIAndTabs(text: String) {
        #expect(Self.encodedLines(text).joined().allSatisfy { (0x20...0x7E).contains($0) || $0 == UInt8(ascii: "\t") })
    }

    @Test func lineOpeningDotIsEscaped() {
        let lines = Self.encodedLines(".\n.hidden\n" + String(repeating: "x", count: 75) + ".")
        #expect(lines.allSatisfy { $0.first != UInt8(ascii: ".") })
    }

    @Test func everyLineBreakStyleBecomesCRLF() {
        var output: [UInt8] = []
        QuotedPrintable.append("a\rb\nc\r\nd", to: &output)
        #expect(output == Array("a\r\nb\r\nc\r\nd".utf8))
    }

    /// Texts mixing every kind of byte the encoder treats differently, at every column, some
    /// longer than one encoding step (4,096 bytes).
    static let mixedTexts: [String] = (1...40).map { seed in
        let pieces = ["a", "Z", "~", ".", " ", "\t", "=", "\r", "\n", "\r\n", "é", "世", "🎉", "\u{1}", "\u{7F}"]
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        var text = ""
        // Mostly letters, so lines run long enough to need soft breaks.
        for _ in 0..<(seed % 4 == 0 ? 3_000 : 300) {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            let draw = Int((state &* 0x2545_F491_4F6C_DD1D) >> 33)
            text += draw % 3 == 0 ? pieces[draw / 3 % pieces.count] : String(repeating: "x", count: draw % 5)
        }
        return text
    }

    /// The bytes Python's decoder gives back for the encoding of `text`, which must decode
    /// strictly (every escape well formed, every line within the rules).
    static func decoded(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        var output: [UInt8] = []
        QuotedPrintable.append(text, to: &output)
        let decoded = try MIMEDecodingOracle.quotedPrintable(output)
        #expect(decoded.problems.isEmpty, "\(decoded.problems)", sourceLocation: sourceLocation)
        return decoded.value
    }

    static func withCRLFLineBreaks(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test(arguments: mixedTexts)
    func decodingGivesBackTheTextWithCRLFLineBreaks(text: String) throws {
        #expect(try Self.decoded(text) == Self.withCRLFLineBreaks(text))
    }

    @Test(arguments: mixedTexts)
    func mixedTextsKeepEveryLineRule(text: String) {
        let lines = Self.encodedLines(text)
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.allSatisfy { $0.last != UInt8(ascii: " ") && $0.last != UInt8(ascii: "\t") })
        #expect(lines.allSatisfy { $0.first != UInt8(ascii: ".") })
        #expect(lines.joined().allSatisfy { (0x20...0x7E).contains($0) || $0 == UInt8(ascii: "\t") })
    }

    @Test func longLiteralRunsBreakAfter75CharactersAndTheSoftBreak() {
        let lines = Self.encodedLines(String(repeating: "a", count: 200))
        #expect(lines.map(\.count) == [76, 76, 50])
        #expect(lines.dropLast().allSatisfy { $0.last == UInt8(ascii: "=") })
    }

    @Test func aLineMayEndInTheColumnASoftBreakWouldTake() {
        #expect(Self.encodedLines(String(repeating: "a", count: 76) + "\n" + String(repeating: "b", count: 76)).map(\.count) == [76, 76])
    }

    /// Escapes throughout are the worst case for the room the encoder sets aside.
    @Test(arguments: ["=", "é", "\u{1}"])
    func textsOfOnlyEscapesLongerThanAStepKeepEveryByte(piece: String) throws {
        let text = String(repeating: piece, count: 10_000)
        #expect(try Self.decoded(text) == Array(text.utf8))
        #expect(Self.encodedLines(text).allSatisfy { $0.count <= 76 })
    }

    @Test func crlfAcrossTheEndOfAnEncodingStepIsOneLineBreak() throws {
        // 4,096 bytes per step: the CR is the step's last byte and its LF the next step's first.
        let text = String(repeating: "abc ", count: 1_023) + "xyz\r\nend"
        #expect(try Self.decoded(text) == Array(text.utf8))
    }

    @Test func emptyTextAppendsNothing() {
        var output = Array("kept".utf8)
        QuotedPrintable.append("", to: &output)
        #expect(output == Array("kept".utf8))
    }

    @Test func shortPrintableTextStandsForItself() {
        var output: [UInt8] = []
        QuotedPrintable.append("Hello, world (1 + 2 < 4)", to: &output)
        #expect(output == Array("Hello, world (1 + 2 < 4)".utf8))
    }
}
