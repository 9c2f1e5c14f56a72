import Foundation
import Testing
import TestSupport
@testable import EmailKit

@Suite struct Base64TextTests {
    /// Lengths 0 to 200 give texts of up to 268 characters: every padding, and every remainder
    /// after the thirty-two characters the check takes per step.
    @Test func acceptsExactlyWhatEncodingProducesForEveryLength() throws {
        for count in 0...200 {
            let bytes = TestBytes.pseudoRandom(count: count, seed: UInt64(count) + 77)
            let encoding = Data(bytes).base64EncodedString()
            let text = try #require(Base64Text(canonical: encoding.utf8), "length \(count)")
            #expect(text.encoded == Array(encoding.utf8), "length \(count)")
            #expect(text.decodedCount == count, "length \(count)")
            #expect(text.decoded() == bytes, "length \(count)")
        }
    }

    @Test func emptyTextIsCanonicalAndDecodesToNothing() throws {
        let text = try #require(Base64Text(canonical: [UInt8]()))
        #expect(text.decodedCount == 0)
        #expect(text.decoded() == [])
    }

    @Test func everyByteValueAtEveryPositionIsJudgedAsFoundationsRoundTripJudgesIt() {
        // Canonical means: Foundation decodes it, and encoding what it decoded gives the text back.
        let valid = Array(Data(TestBytes.pseudoRandom(count: 100, seed: 3)).base64EncodedString().utf8)
        for position in valid.indices {
            for byte in 0...255 {
                var candidate = valid
                candidate[position] = UInt8(byte)
                let canonical = Data(base64Encoded: Data(candidate)).map { Array($0.base64EncodedString().utf8) == candidate } ?? false
                #expect((Base64Text(canonical: candidate) != nil) == canonical, "byte \(byte) at \(position)")
            }
        }
    }

    @Test(arguments: [" ", "\t", "\r\n", "\n", "\r\n\r\n", "    "])
    func refusesWhitespaceAndLineBreaksAnywhere(separator: String) {
        let encoding = Data(TestBytes.pseudoRandom(count: 120, seed: 4)).base64EncodedString()
        for offset in 0...encoding.utf8.count {
            var candidate = Array(encoding.utf8)
            candidate.insert(contentsOf: separator.utf8, at: offset)
            #expect(Base64Text(canonical: candidate) == nil, "\(separator.debugDescription) at \(offset)")
        }
    }

    @Test func refusesTextWrappedInMIMELines() {
        // 171 bytes fill three 76-character lines; with two CRLFs between them the length is still
        // a multiple of four, so only the line breaks are wrong.
        let wrapped = Data(TestBytes.pseudoRandom(count: 171, seed: 5)).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        #expect(wrapped.utf8.count % 4 == 0)
        #expect(Base64Text(canonical: wrapped.utf8) == nil)
    }

    @Test(arguments: ["QQ==QQ==", "QUJD=QUJ", "A===", "====", "QQ=A", "=QUJ", "QUJD===="])
    func refusesPaddingAnywhereButTheEnd(text: String) {
        #expect(Base64Text(canonical: text.utf8) == nil)
    }

    @Test(arguments: ["QQ", "QUI", "QUJDRA", "QUJDREU", "Q"])
    func refusesMissingPadding(text: String) {
        #expect(Base64Text(canonical: text.utf8) == nil)
    }

    @Test(arguments: ["QR==", "QX==", "Q/==", "QUJ=", "QUL=", "QU/=", "QUJDRB==", "QUJDREV="])
    func refusesSetBitsThatNoByteUses(text: String) {
        // Lenient decoders drop these bits, so each decodes to the bytes of a different text.
        #expect(Data(base64Encoded: text) != nil)
        #expect(Base64Text(canonical: text.utf8) == nil)
    }

    @Test(arguments: ["QQ==", "QUI=", "QUJD", "QUJDRA==", "QUJDREU=", "++//", "AAAA", "////"])
    func acceptsPaddedAndUnpaddedQuantaWithUnusedBitsZero(text: String) throws {
        let parsed = try #require(Base64Text(canonical: text.utf8))
        #expect(parsed.decoded() == Array(try #require(Data(base64Encoded: text))))
    }

    @Test func refusesTheURLSafeAlphabet() {
        #expect(Base64Text(canonical: "-_-_".utf8) == nil)
        #expect(Base64Text(canonical: "+/+/".utf8) != nil)
    }

    @Test func acceptsBytesThatAreNotContiguousInMemory() throws {
        let encoding = Data(TestBytes.pseudoRandom(count: 90, seed: 6)).base64EncodedString()
        let scattered = encoding.utf8.lazy.map { $0 }
        #expect(scattered.withContiguousStorageIfAvailable { _ in true } == nil)
        let text = try #require(Base64Text(canonical: scattered))
        #expect(text == Base64Text(canonical: encoding.utf8))
        #expect(Base64Text(canonical: (encoding + " ").utf8.lazy.map { $0 }) == nil)
    }
}
