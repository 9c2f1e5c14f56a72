import AWSCore
import SecretsManager
import StepFunctions

/// How approval e-mails' action links are made and answered; configured by
/// `NOTIFIER_ACTION_SECRET_ID` (without it, messages with actions are refused and the action
/// routes answer that links are not configured).
struct ActionSettings: Sendable {
    /// `NOTIFIER_ACTION_SECRET_ID`: name or ARN of the Secrets Manager secret the link key derives from.
    var secretID: String
    var secretsManager: AWSClientConfiguration
    var stepFunctions: AWSClientConfiguration
    /// `NOTIFIER_ACTION_BASE_URL`: the public URL of the API serving `/actions/{token}`, e.g.
    /// `https://abc123.execute-api.eu-west-1.amazonaws.com/prod`. Unset: messages that arrive
    /// through API Gateway use that request's domain and stage; others cannot carry actions.
    var baseURL: String?
    /// `NOTIFIER_ACTION_LINK_DEFAULT_SECONDS` (7 days) and `NOTIFIER_ACTION_LINK_MAX_SECONDS` (7 days).
    var defaultLinkLifetime: Int
    var maximumLinkLifetime: Int
    /// `NOTIFIER_ACTION_KEY_REFRESH_SECONDS` (300): how long a read key version is used before
    /// it is read again.
    var keyRefreshInterval: Duration

    static let defaultLinkLifetime = 7 * 24 * 3600
}

extension NotifierConfiguration {
    /// The action link settings when `NOTIFIER_ACTION_SECRET_ID` is set, else `nil`.
    static func actions(_ settings: EnvironmentSettings) throws(ConfigurationError) -> ActionSettings? {
        guard let secretID = settings.value("NOTIFIER_ACTION_SECRET_ID") else { return nil }
        var baseURL = settings.value("NOTIFIER_ACTION_BASE_URL")
        if let url = baseURL {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw ConfigurationError(variable: "NOTIFIER_ACTION_BASE_URL", problem: "must be an http(s) URL, got '\(url)'")
            }
            var trimmed = Substring(url)
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            baseURL = String(trimmed)
        }
        let maximum = try settings.integer("NOTIFIER_ACTION_LINK_MAX_SECONDS", default: ActionSettings.defaultLinkLifetime, range: 60...31_536_000)
        let defaultLifetime = try settings.integer("NOTIFIER_ACTION_LINK_DEFAULT_SECONDS", default: min(ActionSettings.defaultLinkLifetime, maximum), range: 60...maximum)
        return ActionSettings(
            secretID: secretID,
            secretsManager: try settings.awsClient(for: .secretsManager, purpose: "to read the action link key (NOTIFIER_ACTION_SECRET_ID)"),
            stepFunctions: try settings.awsClient(for: .stepFunctions, purpose: "to answer Step Functions tasks from action links"),
            baseURL: baseURL,
            defaultLinkLifetime: defaultLifetime,
            maximumLinkLifetime: maximum,
            keyRefreshInterval: .seconds(try settings.integer("NOTIFIER_ACTION_KEY_REFRESH_SECONDS", default: 300, range: 0...86_400)))
    }
}
