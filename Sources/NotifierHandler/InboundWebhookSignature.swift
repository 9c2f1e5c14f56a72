import AWSCore
import ByteEncoding

/// How `POST /hooks/<event>` checks that a webhook comes from its sender: an HMAC-SHA256
/// signature under the event's secret, in a header whose name and scheme are configured.
///
/// - `timestamped` (the default; Stripe's form): `t=<unix seconds>,v1=<hex>`, the HMAC of
///   `<t>.<body>`. Several `v1=` are allowed (a sender rotating its secret). A timestamp further
///   than `tolerance` from now is refused, so a captured request cannot be replayed later.
/// - `sha256` (GitHub's form): `sha256=<hex>`, the HMAC of the body. It carries no time, so only
///   the delivery id (below) stops a replay, and only for `tolerance` after it was accepted.
///
/// A delivery is named by the id header (`webhook-id` unless configured), else by its signature;
/// a name seen within `tolerance` is a replay: by this execution environment
/// (``WebhookReplayCache``), and with the idempotency table by any of the function's environments
/// (`IdempotencyStore+WebhookDeliveries.swift`). Signatures are compared in constant time.
struct InboundWebhookSignature: Sendable {
    enum Scheme: String, Sendable, CaseIterable {
        case timestamped
        case sha256
    }

    /// Event → secret (`NOTIFIER_WEBHOOK_SECRETS`).
    var secrets: [String: [UInt8]]
    /// Lower-cased header names.
    var signatureHeader: String
    var idHeader: String
    var scheme: Scheme
    var toleranceSeconds: Int64

    /// A verified delivery: the name under which it is remembered against replays, and until
    /// when (Unix seconds) a replay of it could still pass the signature check.
    struct Delivery: Sendable, Equatable {
        var replayKey: String
        var rememberUntil: Int64
    }

    /// Why a webhook was refused; each is a 401 whose body says which.
    struct Refusal: Error, Sendable, Equatable {
        var code: String
        var message: String
    }

    /// Checks `body` as signed in `headers` for `event`, at `now` (Unix seconds).
    func verify(event: String, headers: [String: String], body: [UInt8], now: Int64, seen: WebhookReplayCache) -> Result<Delivery, Refusal> {
        guard let secret = secrets[event] else {
            return .failure(Refusal(code: "UnknownWebhookEvent", message: "no signing secret is configured for event '\(event.shortened(to: 64))'; a webhook must be signed"))
        }
        guard let header = headers[signatureHeader], !header.isEmpty else {
            return .failure(Refusal(code: "MissingSignature", message: "the \(signatureHeader) header is missing: sign the body with the event's secret"))
        }
        let signedBytes: [UInt8]
        let candidates: [Substring]
        var signedAt = now
        switch scheme {
        case .timestamped:
            let fields = header.split(separator: ",").map { $0.trimmingWhitespace() }
            let timestamps = fields.filter { $0.hasPrefix("t=") }.map { $0.dropFirst(2) }
            candidates = fields.filter { $0.hasPrefix("v1=") }.map { Substring($0.dropFirst(3)) }
            guard timestamps.count == 1, let timestamp = Int64(timestamps[0]), !candidates.isEmpty else {
                return .failure(Refusal(code: "MalformedSignature", message: "the \(signatureHeader) header must be t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">"))
            }
            guard abs(now - timestamp) <= toleranceSeconds else {
                return .failure(Refusal(code: "StaleSignature", message: "the signature's timestamp is more than \(toleranceSeconds) seconds from now: refused as a possible replay"))
            }
            signedBytes = Array("\(timestamp).".utf8) + body
            signedAt = max(now, timestamp)
        case .sha256:
            guard header.hasPrefix("sha256=") else {
                return .failure(Refusal(code: "MalformedSignature", message: "the \(signatureHeader) header must be sha256=<hex HMAC-SHA256 of the body>"))
            }
            candidates = [header.dropFirst(7)]
            signedBytes = body
        }
        let expected = secret.withUnsafeBytes { key in
            signedBytes.withUnsafeBytes { message in Digest.hmacSHA256(key: key, message: message) }
        }
        guard let matching = candidates.first(where: { Self.constantTimeEqual(expected, hex: $0) }) else {
            return .failure(Refusal(code: "InvalidSignature", message: "the signature does not match the body under the event's secret"))
        }
        let replayKey = event + " " + (headers[idHeader].flatMap { $0.isEmpty ? nil : $0 } ?? String(matching))
        guard !seen.contains(replayKey, now: now) else {
            return .failure(replayRefusal)
        }
        return .success(Delivery(replayKey: replayKey, rememberUntil: signedAt + toleranceSeconds))
    }

    /// The refusal of a delivery already accepted, here or by another execution environment.
    var replayRefusal: Refusal {
        Refusal(code: "ReplayedWebhook", message: "this delivery (\(idHeader) or signature) was already accepted: refused as a replay")
    }

    /// Whether `hex` spells `bytes`, taking the same time wherever they differ.
    static func constantTimeEqual(_ bytes: [UInt8], hex: Substring) -> Bool {
        let digits = Array(hex.utf8)
        guard digits.count == bytes.count * 2 else { return false }
        var difference: UInt8 = 0
        var invalid = false
        for (index, byte) in bytes.enumerated() {
            let high = nibble(digits[2 * index]), low = nibble(digits[2 * index + 1])
            invalid = invalid || high == nil || low == nil
            difference |= byte ^ ((high ?? 0) << 4 | (low ?? 0))
        }
        return difference == 0 && !invalid
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
