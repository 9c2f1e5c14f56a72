import AWSCore
import ByteEncoding

/// Signs a webhook the way the Standard Webhooks specification does: `webhook-signature` is
/// `v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the
/// bytes of the secret (the base64 after `whsec_`).
struct WebhookSignature: Sendable {
    let key: [UInt8]

    /// The key of a `whsec_…` secret, or `nil` when it is not one (no prefix, not base64, empty).
    init?(secret: String) {
        guard secret.hasPrefix("whsec_"), let key = Base64Decoder.decode(String(secret.dropFirst(6))), !key.isEmpty else { return nil }
        self.key = key
    }

    /// The `webhook-signature` value for one delivery.
    func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        let message = Array("\(id).\(timestamp).".utf8) + body
        let mac = key.withUnsafeBytes { key in message.withUnsafeBytes { Digest.hmacSHA256(key: key, message: $0) } }
        var encoded = Array("v1,".utf8)
        Base64Lines.append(mac, to: &encoded)
        return String(decoding: encoded, as: UTF8.self)
    }
}
