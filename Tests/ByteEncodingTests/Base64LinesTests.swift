import Foundation
import Testing
import TestSupport
@testable import ByteEncoding

@Suite struct Base64LinesTests {
    @Test func decodesToTheOriginalBytesForEveryLength() throws {
        for count in 0...300 {
            let bytes = TestBytes.pseudoRandom(count: count, seed: UInt64(count))
            var output: [UInt8] = []
            Base64Lines.appendLines(of: bytes, to: &output)
            let decoded = try #require(Data(base64Encoded: Data(output), options: .ignoreUnknownCharacters))
            #expect(Array(decoded) == bytes, "length \(count)")
        }
    }

    @Test func bodyLinesAre76CharactersEndingInCRLF() {
        let bytes = TestBytes.pseudoRandom(count: 1_000, seed: 9)
        var output: [UInt8] = []
        Base64Lines.appendLines(of: bytes, to: &output)
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        #expect(lines.last.map { (1...76).contains($0.count) } == true)
        #expect(!lines.contains { $0.contains("\r") || $0.contains("\n") })
    }

    /// Lengths 0 to 130 take every path of the encoder: six bytes per step, then whole groups of
    /// three, then one or two bytes padded.
    @Test func singleRunMatchesFoundationsEncoderForEveryLength() {
        for count in 0...130 {
            let bytes = TestBytes.pseudoRandom(count: count, seed: 5)
            var output: [UInt8] = []
            Base64Lines.append(bytes, to: &output)
            #expect(String(decoding: output, as: UTF8.self) == Data(bytes).base64EncodedString(), "length \(count)")
        }
    }

    /// In place, after a prefix that stays as it was, for every length through every path of the
    /// encoder and a few large ones: the output overtaking unread input would show here.
    @Test func inPlaceMatchesFoundationsEncoderAfterAPrefix() {
        for count in Array(0...200) + [1_000, 65_537, 1_000_003] {
            let bytes = TestBytes.pseudoRandom(count: count, seed: UInt64(count) + 77)
            var buffer = Array("{\"Data\":\"".utf8)
            let prefix = buffer
            buffer.append(contentsOf: bytes)
            Base64Lines.encodeInPlace(&buffer, from: prefix.count)
            #expect(Array(buffer.prefix(prefix.count)) == prefix, "length \(count)")
            #expect(String(decoding: buffer.dropFirst(prefix.count), as: UTF8.self) == Data(bytes).base64EncodedString(), "length \(count)")
        }
    }

    /// Foundation's MIME line option writes the same lines but for the CRLF after the last one.
    @Test func linesMatchFoundationsMIMELinesForEveryLength() {
        for count in 0...400 {
            let bytes = TestBytes.pseudoRandom(count: count, seed: UInt64(count) + 1_000)
            var output: [UInt8] = []
            Base64Lines.appendLines(of: bytes, to: &output)
            let foundation = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            #expect(String(decoding: output, as: UTF8.self) == (count == 0 ? "" : foundation + "\r\n"), "length \(count)")
        }
    }

    @Test func everyByteValueEncodesAsFoundationEncodesIt() {
        let ascending = (0...255).map(UInt8.init)
        for bytes in [ascending, ascending.reversed(), ascending.map { $0 &* 7 }] {
            var single: [UInt8] = []
            Base64Lines.append(bytes, to: &single)
            #expect(String(decoding: single, as: UTF8.self) == Data(bytes).base64EncodedString())
        }
    }

    @Test func linesAppendAfterWhatIsAlreadyThere() {
        var output = Array("Content-Transfer-Encoding: base64\r\n\r\n".utf8)
        output.reserveCapacity(1_000)
        Base64Lines.appendLines(of: Array("hello".utf8), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n")
    }

    @Test func encodingNothingAppendsNothing() {
        var output = Array("kept".utf8)
        Base64Lines.append([], to: &output)
        Base64Lines.appendLines(of: [], to: &output)
        #expect(output == Array("kept".utf8))
    }

    @Test func appendsAfterWhatIsAlreadyThere() {
        var output = Array("prefix:".utf8)
        Base64Lines.append(Array("hi".utf8), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "prefix:aGk=")
    }
}
