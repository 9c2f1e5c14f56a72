import ActionLinks
import ByteEncoding
import StepFunctions
import Testing
import WallClock

/// Sealing and opening action links: what the holder of a link can and cannot do with it.
@Suite struct SealedActionLinkTests {
    static let key = ActionLinkKey(secret: "0123456789abcdefghijklmnopqrstuvwxyzABCDEF")!
    static let otherKey = ActionLinkKey(secret: "a different secret, at least 32 characters long")!
    static let claim = ActionLinkClaim(
        taskToken: "AQCEAAAAKgAAAAMAAAAAAAAAAeu1Ng==task-token", action: "approve", label: "Approve",
        answer: .success(output: #"{"approved":true}"#),
        expiresAt: WallClockTime(millisecondsSince1970: 1_900_000_000_000), messageID: "5f0c1d2e3a4b5c6d7e8f9a0b")

    @Test func aSealedLinkOpensToTheSameClaim() throws {
        let text = try #require(SealedActionLink.seal(Self.claim, with: Self.key))
        let sealed = try #require(SealedActionLink(text: text))
        #expect(sealed.keyID == Self.key.id)
        #expect(sealed.open(with: Self.key) == Self.claim)
    }

    @Test func everyAnswerKindRoundTrips() throws {
        for answer: TaskAnswer in [.failure(error: "Rejected", cause: "Not this week"), .failure(error: nil, cause: nil), .heartbeat] {
            var claim = Self.claim
            claim.answer = answer
            let text = try #require(SealedActionLink.seal(claim, with: Self.key))
            #expect(SealedActionLink(text: text)?.open(with: Self.key) == claim)
        }
    }

    @Test func theTaskTokenCannotBeReadFromTheLink() throws {
        let text = try #require(SealedActionLink.seal(Self.claim, with: Self.key))
        let bytes = try #require(Base64URL.decode(text))
        let plain = String(decoding: bytes, as: UTF8.self)
        #expect(!plain.contains("task-token"))
        #expect(!plain.contains("approve"))
        #expect(!text.contains("task-token"))
    }

    @Test func twoSealsOfOneClaimDiffer() throws {
        #expect(SealedActionLink.seal(Self.claim, with: Self.key) != SealedActionLink.seal(Self.claim, with: Self.key))
    }

    @Test func everyAlteredByteIsRefused() throws {
        let text = try #require(SealedActionLink.seal(Self.claim, with: Self.key))
        let bytes = try #require(Base64URL.decode(text))
        for index in bytes.indices {
            var altered = bytes
            altered[index] ^= 0x01
            let opened = SealedActionLink(text: Base64URL.encode(altered))?.open(with: Self.key)
            #expect(opened == nil, "flipping byte \(index) was not noticed")
        }
    }

    @Test func aTruncatedLinkIsRefused() throws {
        let text = try #require(SealedActionLink.seal(Self.claim, with: Self.key))
        for length in [0, 1, 10, text.count / 2, text.count - 2, text.count - 1] {
            #expect(SealedActionLink(text: text.prefix(length))?.open(with: Self.key) == nil, "cut to \(length)")
        }
    }

    @Test func anotherKeyCannotOpenIt() throws {
        let text = try #require(SealedActionLink.seal(Self.claim, with: Self.key))
        #expect(SealedActionLink(text: text)?.open(with: Self.otherKey) == nil)
        #expect(Self.key.id != Self.otherKey.id)
    }

    @Test func aSecretUnder32CharactersIsNoKey() {
        #expect(ActionLinkKey(secret: "short") == nil)
        #expect(ActionLinkKey(secret: String(repeating: "x", count: 31)) == nil)
        #expect(ActionLinkKey(secret: String(repeating: "x", count: 32)) != nil)
    }

    @Test func expiryIsExclusive() {
        #expect(!Self.claim.isExpired(at: WallClockTime(millisecondsSince1970: 1_899_999_999_000)))
        #expect(Self.claim.isExpired(at: WallClockTime(millisecondsSince1970: 1_900_000_000_000)))
    }

    @Test func base64URLRoundTripsAndRefusesOtherAlphabets() {
        for count in 0..<40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text) == bytes)
        }
        #expect(Base64URL.decode("ab+c") == nil)
        #expect(Base64URL.decode("abc=") == nil)
        #expect(Base64URL.decode("a") == nil)
        // A last character whose unused bits are set is another spelling of the same bytes: refused.
        #expect(Base64URL.decode("AB") == nil)
        #expect(Base64URL.decode("AA") == [0])
    }
}
