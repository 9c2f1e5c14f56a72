import Foundation
import Testing
import TestSupport
@testable import EmailKit

@Suite struct EmailAttachmentTests {
    @Test func sameFileIsEqualAndHashesAlikeWhicheverWayItsContentIsHeld() throws {
        for count in [0, 1, 2, 3, 57, 1_000] {
            let bytes = TestBytes.pseudoRandom(count: count, seed: UInt64(count))
            let asBytes = EmailAttachment(filename: "a.pdf", contentType: "application/pdf", data: bytes, contentID: "a")
            let asText = try Self.attachment(holdingBase64Of: bytes, filename: "a.pdf", contentID: "a")
            #expect(asBytes == asText, "length \(count)")
            #expect(asText == asBytes, "length \(count)")
            #expect(asBytes.hashValue == asText.hashValue, "length \(count)")
            #expect(Set([asBytes, asText]).count == 1, "length \(count)")
        }
    }

    @Test func differentBytesAreDifferentFilesHoweverHeld() throws {
        let bytes = TestBytes.pseudoRandom(count: 300, seed: 1)
        var changed = bytes
        changed[150] ^= 1
        let text = try Self.attachment(holdingBase64Of: bytes)
        #expect(text != EmailAttachment(filename: "a.pdf", contentType: "application/pdf", data: changed))
        #expect(text != (try Self.attachment(holdingBase64Of: changed)))
        #expect(text != EmailAttachment(filename: "a.pdf", contentType: "application/pdf", data: Array(bytes.dropLast())))
    }

    @Test func differentMetadataIsADifferentFileWithTheSameBytes() throws {
        let bytes = TestBytes.pseudoRandom(count: 10, seed: 2)
        let text = try Self.attachment(holdingBase64Of: bytes)
        #expect(text != EmailAttachment(filename: "b.pdf", contentType: "application/pdf", data: bytes))
        #expect(text != EmailAttachment(filename: "a.pdf", contentType: "image/png", data: bytes))
        #expect(text != EmailAttachment(filename: "a.pdf", contentType: "application/pdf", data: bytes, contentID: "x"))
    }

    @Test func dataOfBase64ContentIsTheDecodedBytes() throws {
        let bytes = TestBytes.pseudoRandom(count: 1_234, seed: 3)
        let attachment = try Self.attachment(holdingBase64Of: bytes)
        #expect(attachment.byteCount == 1_234)
        #expect(attachment.data == bytes)
    }

    @Test func settingDataReplacesBase64ContentWithTheBytes() throws {
        var attachment = try Self.attachment(holdingBase64Of: [1, 2, 3])
        attachment.data = [9, 8]
        #expect(attachment.data == [9, 8])
        #expect(attachment.byteCount == 2)
        guard case .bytes = attachment.content else {
            Issue.record("content still held as base64 after setting bytes")
            return
        }
    }

    static func attachment(holdingBase64Of bytes: [UInt8], filename: String = "a.pdf", contentID: String? = nil) throws -> EmailAttachment {
        let text = try #require(Base64Text(canonical: Data(bytes).base64EncodedString().utf8))
        return EmailAttachment(filename: filename, contentType: "application/pdf", base64: text, contentID: contentID)
    }
}
