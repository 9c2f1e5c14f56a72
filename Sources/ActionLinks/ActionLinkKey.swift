import AWSCore

/// One key that seals and opens action links, derived from a secret's text (a version of the
/// Secrets Manager secret), and the short id that names it inside each link.
///
/// Both are HMAC-SHA256 of a fixed label under the secret's text, so the secret itself never
/// serves as a key and the id says nothing about the key.
public struct ActionLinkKey: Sendable, Equatable {
    /// The first four bytes of HMAC-SHA256(secret, "notifier action links: key id").
    public var id: UInt32
    var bytes: [UInt8]

    /// The key of the secret text `secret`, or `nil` when it is too short to be one (under 32 characters).
    public init?(secret: String) {
        guard secret.utf8.count >= 32 else { return nil }
        let material = Array(secret.utf8)
        bytes = Digest.hmacSHA256(key: material, message: "notifier action links: encryption key")
        let idBytes = Digest.hmacSHA256(key: material, message: "notifier action links: key id")
        id = idBytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
