import Testing
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

@Suite struct DigestTests {
    /// FIPS 180-2, appendix B.1.
    @Test func sha256OfABCIsTheFIPSTestVector() {
        #expect(Digest.sha256("abc").lowercaseHex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256OfNothingIsTheEmptyPayloadHashAWSDocuments() {
        #expect(Digest.sha256([UInt8]()).lowercaseHex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// RFC 4231, test case 2.
    @Test func hmacSHA256IsTheRFC4231TestVector() {
        let mac = Digest.hmacSHA256(key: Array("Jefe".utf8), message: "what do ya want for nothing?")
        #expect(mac.lowercaseHex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// HMAC-SHA256("", "") as Python's `hmac` computes it: empty buffers have no address, which must still work.
    @Test func hmacSHA256AcceptsAnEmptyKeyAndMessage() {
        #expect(Digest.hmacSHA256(key: [], message: "").lowercaseHex == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func hexIsLowercaseWithTwoDigitsPerByte() {
        #expect([0x00, 0x0F, 0xA0, 0xFF].lowercaseHex == "000fa0ff")
    }
}
