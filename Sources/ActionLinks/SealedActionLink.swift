import ByteEncoding
import JSON

/// The token in an action link's URL: an ``ActionLinkClaim`` encrypted and authenticated with
/// AES-256-GCM, as unpadded base64url.
///
/// Bytes: format `1`, the key id (4 bytes, big-endian), a random 12-byte nonce, the ciphertext of
/// the claim's JSON, the 16-byte tag. The format byte and key id are the additional data, so
/// neither can be changed without the tag failing. Nobody without the key can read the task
/// token out of a link, alter any field (expiry included) or make a new link.
public struct SealedActionLink: Sendable, Equatable {
    static let format: UInt8 = 1
    static let headerByteCount = 5
    /// Longer text is refused before decoding: a link carries at most a 2,048-character task
    /// token, a 4 KiB output and a 1 KiB cause, well under this.
    public static let maximumTextLength = 12_000

    /// The key that sealed it, by ``ActionLinkKey/id``.
    public let keyID: UInt32
    private let bytes: [UInt8]

    /// Reads the envelope of `text` without opening it; `nil` when it cannot be a sealed link
    /// (not base64url, too short or too long, another format).
    public init?(text: some StringProtocol) {
        guard text.utf8.count <= Self.maximumTextLength, let bytes = Base64URL.decode(text),
              bytes.count >= Self.headerByteCount + AES256GCM.nonceByteCount + AES256GCM.tagByteCount + 2,
              bytes[0] == Self.format
        else { return nil }
        keyID = bytes[1...4].reduce(0) { $0 << 8 | UInt32($1) }
        self.bytes = bytes
    }

    /// Seals `claim` with `key`; `nil` only when the system's random generator or OpenSSL fails.
    public static func seal(_ claim: ActionLinkClaim, with key: ActionLinkKey) -> String? {
        guard let nonce = SecureRandom.bytes(AES256GCM.nonceByteCount) else { return nil }
        let header: [UInt8] = [format, UInt8(key.id >> 24), UInt8(key.id >> 16 & 0xFF), UInt8(key.id >> 8 & 0xFF), UInt8(key.id & 0xFF)]
        guard let sealed = AES256GCM.seal(claim.json.serialized(), key: key.bytes, nonce: nonce, additionalData: header) else { return nil }
        return Base64URL.encode(header + nonce + sealed.ciphertext + sealed.tag)
    }

    /// The claim, or `nil` when `key` does not authenticate the link (altered, or another key) or
    /// the plaintext is not a claim.
    public func open(with key: ActionLinkKey) -> ActionLinkClaim? {
        guard key.id == keyID else { return nil }
        let nonceEnd = Self.headerByteCount + AES256GCM.nonceByteCount
        let tagStart = bytes.count - AES256GCM.tagByteCount
        guard let plaintext = AES256GCM.open(
            bytes[nonceEnd..<tagStart], tag: bytes[tagStart...], key: key.bytes,
            nonce: bytes[Self.headerByteCount..<nonceEnd], additionalData: bytes[0..<Self.headerByteCount])
        else { return nil }
        guard let json = try? JSONParser.parse(plaintext) else { return nil }
        return ActionLinkClaim(json: json)
    }
}
