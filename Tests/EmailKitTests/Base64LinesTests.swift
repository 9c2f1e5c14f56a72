import Foundation
import Testing
@testable import EmailKit

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

    @Test func singleRunMatchesFoundationsEncoder() {
        for count in [0, 1, 2, 3, 44, 45, 100] {
            let bytes = TestBytes.pseudoRandom(count: count, seed: 5)
            var output: [UInt8] = []
            Base64Lines.append(bytes, to: &output)
            #expect(String(decoding: output, as: UTF8.self) == Data(bytes).base64EncodedString())
        }
    }

    @Test func appendsAfterWhatIsAlreadyThere() {
        var output = Array("prefix:".utf8)
        Base64Lines.append(Array("hi".utf8), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "prefix:aGk=")
    }
}
