import ActionLinks
import AWSCore
import SecretsManager

/// The keys of the action links: the secret's current version seals new links; a link sealed
/// with the previous version still opens, so rotating the secret breaks no link that has not
/// expired (see README, "Approval e-mails").
///
/// Nothing is read at init: the first link made or opened reads `AWSCURRENT`, and only a link
/// naming another key reads `AWSPREVIOUS`. Each is kept for ``refreshInterval``; after that the
/// next use reads it again, so a rotation reaches warm functions within that time. A link naming
/// a key neither version has (forged) costs at most one read per interval.
final class ActionKeyRing {
    private let source: any ActionKeySource
    let refreshInterval: Duration
    private var current: Cached?
    private var previous: Cached?

    private struct Cached {
        var key: ActionLinkKey?
        var readAt: ContinuousClock.Instant
    }

    init(source: any ActionKeySource, refreshInterval: Duration) {
        self.source = source
        self.refreshInterval = refreshInterval
    }

    /// The key that seals new links.
    func currentKey(deadline: ContinuousClock.Instant) throws(ActionKeyUnavailable) -> ActionLinkKey {
        guard let key = try cached(&current, stage: "AWSCURRENT", deadline: deadline) else {
            throw ActionKeyUnavailable(message: "the secret has no AWSCURRENT version", isRetryable: false)
        }
        return key
    }

    /// The key named `id` in a link, or `nil` when neither the current nor the previous version is it.
    func key(id: UInt32, deadline: ContinuousClock.Instant) throws(ActionKeyUnavailable) -> ActionLinkKey? {
        if let key = try cached(&current, stage: "AWSCURRENT", deadline: deadline), key.id == id { return key }
        if let key = try cached(&previous, stage: "AWSPREVIOUS", deadline: deadline), key.id == id { return key }
        return nil
    }

    private func cached(_ slot: inout Cached?, stage: String, deadline: ContinuousClock.Instant) throws(ActionKeyUnavailable) -> ActionLinkKey? {
        let now = ContinuousClock.now
        if let cached = slot, cached.readAt.duration(to: now) < refreshInterval { return cached.key }
        let key = try source.key(stage: stage, deadline: deadline)
        slot = Cached(key: key, readAt: now)
        return key
    }
}

/// Where the keys come from: one version stage of a secret.
protocol ActionKeySource {
    /// The key of the secret's version in `stage`, or `nil` when no version has that stage.
    func key(stage: String, deadline: ContinuousClock.Instant) throws(ActionKeyUnavailable) -> ActionLinkKey?
}

/// The Secrets Manager secret `NOTIFIER_ACTION_SECRET_ID`, read with `GetSecretValue`.
struct SecretsManagerKeySource: ActionKeySource {
    var client: SecretsManagerClient
    var secretID: String

    func key(stage: String, deadline: ContinuousClock.Instant) throws(ActionKeyUnavailable) -> ActionLinkKey? {
        let version: SecretVersion
        do {
            version = try client.secretString(secretID, stage: stage, deadline: deadline)
        } catch where error.code == "ResourceNotFoundException" && stage != "AWSCURRENT" {
            return nil
        } catch {
            throw ActionKeyUnavailable(message: "Secrets Manager: \(error)", isRetryable: error.isRetryable)
        }
        guard let key = ActionLinkKey(secret: version.text) else {
            throw ActionKeyUnavailable(message: "the secret's \(stage) version is shorter than 32 characters", isRetryable: false)
        }
        return key
    }
}

/// The link key could not be read.
struct ActionKeyUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var isRetryable: Bool
    var description: String { "the action link key is unavailable: \(message)" }
}
