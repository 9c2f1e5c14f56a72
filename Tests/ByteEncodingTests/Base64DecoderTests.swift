import Foundation
import Testing
@testable import ByteEncoding

@Suite struct Base64DecoderTests {
    @Test func agreesWithFoundationOnRandomData() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Data(bytes).base64EncodedString(options: .lineLength76Characters)
            #expect(Base64Decoder.decode(text) == bytes, "length \(length)")
        }
    }

    @Test(arguments: ["aGk", "a=Gk", "aGk==x", "aG!k", "aGk===", "====", "aGk=aGk="])
    func refusesWhatIsNotBase64(_ text: String) {
        // Stricter than Foundation, which decodes "====" and "aGk===".
        #expect(Base64Decoder.decode(text) == nil)
    }

    @Test func ignoresLineBreaksAndSpacesAsEncodersWrapThem() {
        #expect(Base64Decoder.decode("aGVs\r\nbG8g\n d29y bGQ=") == Array("hello world".utf8))
    }

    @Test func decodesUnbrokenBase64OfEveryLengthAsFoundationDoes() {
        // Every length mod 3, so every amount of padding, with no line breaks: the four-at-a-time path.
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Data(bytes).base64EncodedString()
            #expect(Base64Decoder.decode(text) == bytes, "length \(length)")
            if length > 0 {
                #expect(decodeUnbroken(text) == bytes, "the four-at-a-time path answers for length \(length)")
            }
        }
    }

    @Test func fourAtATimeAgreesWithTheStrictDecoderOnEveryShortInput() {
        // Every string of up to eight characters from the extremes of the alphabet ('A' = 0, '/' = 63,
        // so padded quanta with unused bits set too), padding, a line break and a foreign character.
        let alphabet: [UInt8] = Array("A/=\n*".utf8)
        var strings: [[UInt8]] = [[]]
        for _ in 1...8 {
            strings = strings.flatMap { prefix in alphabet.map { prefix + [$0] } }
            for string in strings {
                let strict = string.withUnsafeBufferPointer { Base64Decoder.decodeStrict($0) }
                if let fast = string.withUnsafeBufferPointer({ Base64Decoder.decodeUnbroken($0) }) {
                    #expect(fast == strict, "\(String(decoding: string, as: UTF8.self))")
                }
                #expect(Base64Decoder.decode(String(decoding: string, as: UTF8.self)) == strict)
            }
        }
    }

    @Test func dropsTheUnusedBitsOfAPaddedQuantumWithoutJudgingThem() {
        // "QR==" and "QUJ=" carry bits the padding discards; the strict decoder ignores them, and so does the fast path.
        #expect(Base64Decoder.decode("QR==") == [0x41])
        #expect(Base64Decoder.decode("QUK=") == [0x41, 0x42])
        #expect(decodeUnbroken("QR==") == [0x41])
    }

    @Test func leavesInputWithWhitespaceToTheStrictDecoder() {
        #expect(decodeUnbroken("QUJD\nQUJD") == nil)
        #expect(decodeUnbroken("QUJD QUJ") == nil)
        #expect(Base64Decoder.decode("QUJD\nQUJD") == Array("ABCABC".utf8))
        #expect(Base64Decoder.decode("QUJD QUJ") == nil)
    }

    @Test func refusesAForeignCharacterAnywhereInALongInput() {
        let text = Array(Data((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }).base64EncodedString().utf8)
        for position in [0, 1, 2, 3, 4, 201, text.count - 5, text.count - 4, text.count - 3] {
            for foreign in ["*", "-", "_", "\u{0}", "é"] {
                var broken = text
                broken.replaceSubrange(position...position, with: foreign.utf8)
                #expect(Base64Decoder.decode(String(decoding: broken, as: UTF8.self)) == nil, "\(foreign) at \(position)")
            }
        }
    }

    @Test func refusesPaddingBeforeTheLastQuantum() {
        #expect(Base64Decoder.decode("QQ==QUJD") == nil)
        #expect(Base64Decoder.decode("QUJDQ=JD") == nil)
        #expect(Base64Decoder.decode("QUJDQU=D") == nil)
        #expect(Base64Decoder.decode("QUJDQ===") == nil)
    }

    @Test func decodesTheEmptyStringToNoBytes() {
        #expect(Base64Decoder.decode("") == [])
    }

    private func decodeUnbroken(_ text: String) -> [UInt8]? {
        Array(text.utf8).withUnsafeBufferPointer { Base64Decoder.decodeUnbroken($0) }
    }
}
