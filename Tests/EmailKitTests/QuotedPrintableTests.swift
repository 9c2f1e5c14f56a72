import Testing
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

    @Test func shortPrintableTextStandsForItself() {
        var output: [UInt8] = []
        QuotedPrintable.append("Hello, world (1 + 2 < 4)", to: &output)
        #expect(output == Array("Hello, world (1 + 2 < 4)".utf8))
    }
}
