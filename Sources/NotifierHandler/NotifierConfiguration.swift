import AWSCore
import DynamoDB
import EmailKit
import JSON
import S3
import SESv2

/// Everything the function reads from its environment, read and checked once at init.
///
/// A missing or malformed setting is a ``ConfigurationError`` naming the variable, which the
/// runtime reports as the init error: a misconfigured function fails at deploy time, not on the
/// first message.
struct NotifierConfiguration: Sendable {
    /// Where mail goes: SES, or `.eml` files in a folder for local runs.
    enum Transport: Sendable {
        case ses(AWSClientConfiguration)
        case outbox(directory: String)
    }

    /// Where e-mail templates come from.
    enum Templates: Sendable {
        /// `NOTIFIER_TEMPLATE_DIR`, by default the `templates` folder packaged with the function.
        case directory(String)
        /// `NOTIFIER_TEMPLATE_BUCKET` under `NOTIFIER_TEMPLATE_PREFIX`, revalidated after
        /// `NOTIFIER_TEMPLATE_REFRESH_SECONDS`.
        case s3(bucket: String, prefix: String, AWSClientConfiguration, refreshInterval: Duration)
    }

    /// The idempotency store across invocations (`NOTIFIER_IDEMPOTENCY_TABLE`); see ``IdempotencyStore``.
    struct Idempotency: Sendable {
        var table: String
        var dynamoDB: AWSClientConfiguration
        /// `AWS_LAMBDA_FUNCTION_NAME`, which scopes every key.
        var functionName: String
        /// `NOTIFIER_IDEMPOTENCY_TTL_SECONDS`, default 7 days: longer than SQS's default retention of 4.
        var retention: Duration
    }

    var transport: Transport
    var templates: Templates
    /// `NOTIFIER_DEFAULT_FROM`: the sender when a message names none.
    var defaultFrom: EmailAddress?
    /// `NOTIFIER_ALLOWED_SENDERS`, or just the default sender.
    var senderPolicy: SenderPolicy
    /// `NOTIFIER_CONFIGURATION_SET`: the SES configuration set when a message names none.
    var configurationSet: String?
    /// `NOTIFIER_METRICS_NAMESPACE`: CloudWatch namespace of the embedded metrics.
    var metricsNamespace: String
    /// `NOTIFIER_MAX_CONCURRENT_SENDS`: SES requests in flight at once for a batch.
    var maxConcurrentSends: Int
    /// `NOTIFIER_MAX_REQUEST_BYTES`: largest API Gateway body accepted; larger gets 413.
    var maxRequestBytes: Int
    /// `NOTIFIER_DEADLINE_MARGIN_MS`: time kept back before the invocation deadline to report
    /// what could not be sent; no SES attempt starts inside it.
    var deadlineMargin: Duration
    /// `NOTIFIER_IDEMPOTENCY_TABLE` and its settings; `nil`: messages are deduplicated within an invocation only.
    var idempotency: Idempotency?
    /// `NOTIFIER_STATUS_TABLE`: where message statuses are kept; `nil` keeps none.
    var messageStatus: MessageStatusSettings?
    /// `NOTIFIER_STATUS_WEBHOOK_HOSTS` and its companions; `nil` calls no status webhook.
    var statusWebhooks: StatusWebhookSettings?
    /// Attachments and message bodies read from S3, and links instead of attachments.
    var attachments: AttachmentSettings
    /// Approval e-mails' action links (``ActionSettings``); `nil` when not configured.
    var actions: ActionSettings?
    /// `NOTIFIER_WEBHOOK_*`: how `POST /hooks/<event>` checks signatures.
    var inboundWebhooks: InboundWebhookSignature

    static let defaultMaxConcurrentSends = 10
    static let defaultMaxRequestBytes = 5 * 1024 * 1024
    static let defaultDeadlineMargin = Duration.milliseconds(1000)

    init(
        transport: Transport,
        templates: Templates = .directory("templates"),
        defaultFrom: EmailAddress?,
        senderPolicy: SenderPolicy,
        configurationSet: String? = nil,
        metricsNamespace: String = "Notifier",
        maxConcurrentSends: Int = defaultMaxConcurrentSends,
        maxRequestBytes: Int = defaultMaxRequestBytes,
        deadlineMargin: Duration = defaultDeadlineMargin,
        idempotency: Idempotency? = nil,
        messageStatus: MessageStatusSettings? = nil,
        statusWebhooks: StatusWebhookSettings? = nil,
        attachments: AttachmentSettings = .none,
        actions: ActionSettings? = nil,
        inboundWebhooks: InboundWebhookSignature = InboundWebhookSignature(secrets: [:], signatureHeader: "x-signature", idHeader: "webhook-id", scheme: .timestamped, toleranceSeconds: 300)
    ) {
        self.transport = transport
        self.templates = templates
        self.defaultFrom = defaultFrom
        self.senderPolicy = senderPolicy
        self.configurationSet = configurationSet
        self.metricsNamespace = metricsNamespace
        self.maxConcurrentSends = maxConcurrentSends
        self.maxRequestBytes = maxRequestBytes
        self.deadlineMargin = deadlineMargin
        self.idempotency = idempotency
        self.messageStatus = messageStatus
        self.statusWebhooks = statusWebhooks
        self.attachments = attachments
        self.actions = actions
        self.inboundWebhooks = inboundWebhooks
    }

    /// Reads the configuration from `environment` (the process environment in production); a
    /// missing or malformed setting is a ``ConfigurationError`` naming the variable.
    init(environment: [String: String]) throws(ConfigurationError) {
        let settings = EnvironmentSettings(environment)
        let defaultFrom = try Self.defaultFrom(settings)
        let configurationSet = settings.value("NOTIFIER_CONFIGURATION_SET")
        if let configurationSet, !SESNames.isValidConfigurationSetName(configurationSet) {
            throw ConfigurationError(variable: "NOTIFIER_CONFIGURATION_SET",
                                     problem: "must be 1-64 letters, digits, '_' or '-', got '\(configurationSet)'")
        }
        self.init(
            transport: try Self.transport(settings),
            templates: try Self.templates(settings),
            defaultFrom: defaultFrom,
            senderPolicy: try Self.senderPolicy(settings, defaultFrom: defaultFrom),
            configurationSet: configurationSet,
            metricsNamespace: settings.value("NOTIFIER_METRICS_NAMESPACE") ?? "Notifier",
            maxConcurrentSends: try settings.integer("NOTIFIER_MAX_CONCURRENT_SENDS", default: Self.defaultMaxConcurrentSends, range: 1...50),
            maxRequestBytes: try settings.integer("NOTIFIER_MAX_REQUEST_BYTES", default: Self.defaultMaxRequestBytes, range: 1024...6_291_456),
            deadlineMargin: .milliseconds(try settings.integer("NOTIFIER_DEADLINE_MARGIN_MS", default: 1000, range: 0...60_000)),
            idempotency: try Self.idempotency(settings),
            messageStatus: try Self.messageStatus(settings),
            statusWebhooks: try Self.statusWebhooks(settings),
            attachments: try Self.attachments(settings),
            actions: try Self.actions(settings),
            inboundWebhooks: try Self.inboundWebhooks(settings))
    }

    /// DynamoDB when `NOTIFIER_STATUS_TABLE` is set, with `NOTIFIER_STATUS_TTL_SECONDS`.
    private static func messageStatus(_ settings: EnvironmentSettings) throws(ConfigurationError) -> MessageStatusSettings? {
        guard let table = settings.value("NOTIFIER_STATUS_TABLE") else { return nil }
        let dynamoDB = try settings.awsClient(for: .dynamoDB, purpose: "to keep message statuses in NOTIFIER_STATUS_TABLE")
        let seconds = try settings.integer("NOTIFIER_STATUS_TTL_SECONDS", default: MessageStatusSettings.defaultTimeToLiveSeconds, range: 3600...31_536_000)
        return MessageStatusSettings(table: table, dynamoDB: dynamoDB, timeToLive: .seconds(seconds))
    }

    /// Status webhooks when `NOTIFIER_STATUS_WEBHOOK_HOSTS` is set: they need the status table
    /// (a change is known from the stored status) and a `whsec_` secret to sign with.
    private static func statusWebhooks(_ settings: EnvironmentSettings) throws(ConfigurationError) -> StatusWebhookSettings? {
        guard let hosts = settings.value("NOTIFIER_STATUS_WEBHOOK_HOSTS") else {
            if settings.value("NOTIFIER_STATUS_WEBHOOK_URL") != nil {
                throw ConfigurationError(variable: "NOTIFIER_STATUS_WEBHOOK_URL", problem: "needs NOTIFIER_STATUS_WEBHOOK_HOSTS to name its host")
            }
            return nil
        }
        guard settings.value("NOTIFIER_STATUS_TABLE") != nil else {
            throw ConfigurationError(variable: "NOTIFIER_STATUS_WEBHOOK_HOSTS", problem: "needs NOTIFIER_STATUS_TABLE: status changes are known from the stored status")
        }
        let testOnly = settings.value("NOTIFIER_TEST_ONLY_ALLOW_LOOPBACK_HTTP_WEBHOOKS")
        let policy = StatusWebhookPolicy(
            allowedHosts: Set(hosts.split(separator: ",").map { $0.trimmingWhitespace().lowercased() }.filter { !$0.isEmpty }),
            allowsLoopbackHTTPForTests: testOnly == "1" || testOnly == "true")
        guard let signature = settings.value("NOTIFIER_STATUS_WEBHOOK_SECRET").flatMap(WebhookSignature.init(secret:)) else {
            throw ConfigurationError(variable: "NOTIFIER_STATUS_WEBHOOK_SECRET", problem: "must be a whsec_ secret (whsec_ and base64 key bytes)")
        }
        var defaultURL: StatusWebhookURL?
        if let text = settings.value("NOTIFIER_STATUS_WEBHOOK_URL") {
            do {
                defaultURL = try policy.check(text)
            } catch {
                throw ConfigurationError(variable: "NOTIFIER_STATUS_WEBHOOK_URL", problem: error.description)
            }
        }
        return StatusWebhookSettings(
            policy: policy, defaultURL: defaultURL, signature: signature,
            attemptTimeout: .milliseconds(try settings.integer("NOTIFIER_STATUS_WEBHOOK_TIMEOUT_MS", default: 5000, range: 100...30_000)),
            maximumAttempts: try settings.integer("NOTIFIER_STATUS_WEBHOOK_ATTEMPTS", default: 3, range: 1...5))
    }

    /// `NOTIFIER_DEFAULT_FROM`, when set.
    private static func defaultFrom(_ settings: EnvironmentSettings) throws(ConfigurationError) -> EmailAddress? {
        guard let text = settings.value("NOTIFIER_DEFAULT_FROM") else { return nil }
        do {
            return try EmailAddress(parsing: text)
        } catch {
            throw ConfigurationError(variable: "NOTIFIER_DEFAULT_FROM", problem: "is not an e-mail address: \(error)")
        }
    }

    /// `NOTIFIER_ALLOWED_SENDERS`, else the default sender alone; one of them must be set.
    private static func senderPolicy(_ settings: EnvironmentSettings, defaultFrom: EmailAddress?) throws(ConfigurationError) -> SenderPolicy {
        if let list = settings.value("NOTIFIER_ALLOWED_SENDERS") {
            return try SenderPolicy(list: list)
        }
        guard let defaultFrom else {
            throw ConfigurationError(
                variable: "NOTIFIER_ALLOWED_SENDERS",
                problem: "is not set and neither is NOTIFIER_DEFAULT_FROM: no sender would be allowed; set one of them")
        }
        return SenderPolicy(addresses: [defaultFrom.address], domains: [])
    }

    /// The outbox when `NOTIFIER_OUTBOX_DIR` is set, else SES as the AWS variables say.
    private static func transport(_ settings: EnvironmentSettings) throws(ConfigurationError) -> Transport {
        if let directory = settings.value("NOTIFIER_OUTBOX_DIR") {
            return .outbox(directory: directory)
        }
        return .ses(try settings.awsClient(for: .sesV2, purpose: "to send through SES"))
    }

    /// S3 when `NOTIFIER_TEMPLATE_BUCKET` is set, else a folder: `NOTIFIER_TEMPLATE_DIR`, or the
    /// `templates` folder packaged with the function.
    private static func templates(_ settings: EnvironmentSettings) throws(ConfigurationError) -> Templates {
        if let bucket = settings.value("NOTIFIER_TEMPLATE_BUCKET") {
            let s3 = try settings.awsClient(for: .s3, purpose: "to read templates from NOTIFIER_TEMPLATE_BUCKET")
            var prefix = settings.value("NOTIFIER_TEMPLATE_PREFIX") ?? ""
            if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
            let refresh = try settings.integer("NOTIFIER_TEMPLATE_REFRESH_SECONDS", default: 60, range: 0...86_400)
            return .s3(bucket: bucket, prefix: prefix, s3, refreshInterval: .seconds(refresh))
        }
        if let directory = settings.value("NOTIFIER_TEMPLATE_DIR") {
            return .directory(directory)
        }
        // Lambda unpacks the package into LAMBDA_TASK_ROOT (/var/task); local runs use ./templates.
        return .directory((settings.value("LAMBDA_TASK_ROOT") ?? ".") + "/templates")
    }

    /// The idempotency store when `NOTIFIER_IDEMPOTENCY_TABLE` is set: DynamoDB as the AWS
    /// variables say, keys scoped by `AWS_LAMBDA_FUNCTION_NAME`, remembered for
    /// `NOTIFIER_IDEMPOTENCY_TTL_SECONDS` (1 minute to 1 year).
    private static func idempotency(_ settings: EnvironmentSettings) throws(ConfigurationError) -> Idempotency? {
        guard let table = settings.value("NOTIFIER_IDEMPOTENCY_TABLE") else { return nil }
        // DynamoDB's rule for table names.
        let isAllowed = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || "_-.".utf8.contains(byte)
        }
        guard (3...255).contains(table.utf8.count), table.utf8.allSatisfy(isAllowed) else {
            throw ConfigurationError(variable: "NOTIFIER_IDEMPOTENCY_TABLE", problem: "must be a DynamoDB table name (3-255 letters, digits, '_', '-' or '.'), got '\(table)'")
        }
        guard let functionName = settings.value("AWS_LAMBDA_FUNCTION_NAME") else {
            throw ConfigurationError(variable: "AWS_LAMBDA_FUNCTION_NAME", problem: "is not set; NOTIFIER_IDEMPOTENCY_TABLE scopes its keys by it")
        }
        let retention = try settings.integer("NOTIFIER_IDEMPOTENCY_TTL_SECONDS", default: 7 * 86_400, range: 60...31_536_000)
        return Idempotency(
            table: table,
            dynamoDB: try settings.awsClient(for: .dynamoDB, purpose: "for the idempotency table NOTIFIER_IDEMPOTENCY_TABLE"),
            functionName: functionName,
            retention: .seconds(retention))
    }

    /// `NOTIFIER_ATTACHMENT_SOURCES` (none by default), with S3 when it lists any;
    /// `NOTIFIER_ATTACH_MAX_BYTES` and `NOTIFIER_LINK_EXPIRES_SECONDS`, capped at what the credentials allow.
    private static func attachments(_ settings: EnvironmentSettings) throws(ConfigurationError) -> AttachmentSettings {
        var attachments = AttachmentSettings.none
        if let list = settings.value("NOTIFIER_ATTACHMENT_SOURCES") {
            attachments.sources = try AttachmentSources(list: list)
        }
        if !attachments.sources.isEmpty {
            attachments.s3 = try settings.awsClient(for: .s3, purpose: "to read attachments from NOTIFIER_ATTACHMENT_SOURCES")
        }
        if settings.value("NOTIFIER_ATTACH_MAX_BYTES") != nil {
            attachments.attachMaxBytes = try settings.integer("NOTIFIER_ATTACH_MAX_BYTES", default: 0, range: 0...SESLimits.maximumMessageBytes)
        }
        attachments.linkExpiresIn = try settings.integer(
            "NOTIFIER_LINK_EXPIRES_SECONDS", default: AttachmentSettings.defaultLinkExpiresIn, range: 1...attachments.maximumLinkExpiresIn)
        return attachments
    }

    /// `NOTIFIER_WEBHOOK_SECRETS` (a JSON object, event → secret of at least 16 characters),
    /// `NOTIFIER_WEBHOOK_SIGNATURE_HEADER` (`X-Signature`), `NOTIFIER_WEBHOOK_SIGNATURE_SCHEME`
    /// (`timestamped` or `sha256`), `NOTIFIER_WEBHOOK_ID_HEADER` (`webhook-id`) and
    /// `NOTIFIER_WEBHOOK_TOLERANCE_SECONDS` (300).
    private static func inboundWebhooks(_ settings: EnvironmentSettings) throws(ConfigurationError) -> InboundWebhookSignature {
        var secrets: [String: [UInt8]] = [:]
        if let text = settings.value("NOTIFIER_WEBHOOK_SECRETS") {
            // Never quote the value: it holds secrets.
            guard let members = (try? JSONParser.parse(Array(text.utf8)))?.objectValue?.members else {
                throw ConfigurationError(variable: "NOTIFIER_WEBHOOK_SECRETS", problem: "must be a JSON object of event name → secret")
            }
            for (event, secret) in members {
                guard let secret = secret.stringValue, secret.utf8.count >= 16 else {
                    throw ConfigurationError(variable: "NOTIFIER_WEBHOOK_SECRETS", problem: "the secret of '\(event)' must be a string of at least 16 characters")
                }
                secrets[event] = Array(secret.utf8)
            }
        }
        let schemeName = settings.value("NOTIFIER_WEBHOOK_SIGNATURE_SCHEME") ?? "timestamped"
        guard let scheme = InboundWebhookSignature.Scheme(rawValue: schemeName) else {
            throw ConfigurationError(variable: "NOTIFIER_WEBHOOK_SIGNATURE_SCHEME", problem: "must be timestamped or sha256, got '\(schemeName)'")
        }
        return InboundWebhookSignature(
            secrets: secrets,
            signatureHeader: (settings.value("NOTIFIER_WEBHOOK_SIGNATURE_HEADER") ?? "X-Signature").lowercased(),
            idHeader: (settings.value("NOTIFIER_WEBHOOK_ID_HEADER") ?? "webhook-id").lowercased(),
            scheme: scheme,
            toleranceSeconds: Int64(try settings.integer("NOTIFIER_WEBHOOK_TOLERANCE_SECONDS", default: 300, range: 1...3600)))
    }
}
