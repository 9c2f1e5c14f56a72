import Foundation
import Testing
@testable import EmailKit

@Suite struct EncodedWordTests {
    static let texts = [
        "🎉 Launch día — 発売日のお知らせ 👨‍👩‍👧‍👦🇯🇵🇯🇵🇯🇵 잘 부탁드립니다",
        String(repeating: "漢字かなカナ", count: 30),
        String(repeating: "👨‍👩‍👧‍👦", count: 10),
        "e" + String(repeating: "\u{301}", count: 60) + " zalgo",
        "plain ASCII that happens to need encoding\t",
    ]

    /// The UTF-8 text inside one `=?utf-8?B?…?=` word.
    static func decoded(_ word: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: word, as: UTF8.self)
        #expect(text.hasPrefix("=?utf-8?B?") && text.hasSuffix("?="))
        let base64 = text.dropFirst("=?utf-8?B?".count).dropLast(2)
        return Array(try #require(Data(base64Encoded: String(base64))))
    }

    @Test(arguments: texts)
    func everyWordIsAtMost75Characters(text: String) {
        let words = EncodedWord.words(for: text, firstLength: 30, laterLength: 80)
        #expect(words.allSatisfy { $0.count <= 75 })
    }

    @Test func firstWordFitsTheRoomLeftOnTheLine() {
        let words = EncodedWord.words(for: String(repeating: "漢字", count: 20), firstLength: 30, laterLength: 75)
        #expect(words.first.map { $0.count <= 30 } == true)
    }

    @Test func firstCharacterTooBigForTheRoomLeftOpensAFullLengthWord() throws {
        let family = "👨‍👩‍👧‍👦"
        let words = EncodedWord.words(for: family + " and more", firstLength: 30, laterLength: 75)
        let first = try #require(words.first)
        #expect(first.count > 30)
        #expect(String(decoding: try Self.decoded(first), as: UTF8.self).hasPrefix(family))
    }

    @Test(arguments: texts)
    func wordsDecodeToTheOriginalText(text: String) throws {
        let words = EncodedWord.words(for: text, firstLength: 75, laterLength: 75)
        let bytes = try words.flatMap(Self.decoded)
        #expect(String(decoding: bytes, as: UTF8.self) == text)
    }

    @Test(arguments: texts.dropLast(2))
    func wordsEndBetweenGraphemeClusters(text: String) throws {
        let words = EncodedWord.words(for: text, firstLength: 40, laterLength: 75)
        let pieces = try words.map { try #require(String(validating: try Self.decoded($0), as: UTF8.self)) }
        #expect(pieces.map(\.count).reduce(0, +) == text.count)
    }

    @Test func clusterTooLongForOneWordIsSplitBetweenScalars() throws {
        let text = "e" + String(repeating: "\u{301}", count: 60)
        let words = EncodedWord.words(for: text, firstLength: 75, laterLength: 75)
        #expect(words.count > 1)
        for word in words {
            #expect(String(validating: try Self.decoded(word), as: UTF8.self) != nil)
        }
    }
}
