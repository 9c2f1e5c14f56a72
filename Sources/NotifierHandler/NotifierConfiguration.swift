import EmailKit

/// Everything the function reads from its environment, read and checked once at init.
///
/// A missing or malformed setting is a ``ConfigurationError`` naming the variable, which the
/// runtime reports as the init error: a misconfigured function fails at deploy time, not on the
/// first message.
struct NotifierConfiguration: Sendable {
    /// Where mail goes: SES, or `.eml` files in a folder for local runs.
    enum Transport: Sendable {
        case ses(SESConfiguration, AWSCredentials)
        case outbox(directory: String)
    }

    /// Where e-mail templates come from.
    enum Templates: Sendable {
        /// `NOTIFIER_TEMPLATE_DIR`, by default the `templates` folder packaged with the function.
        case directory(String)
        /// `NOTIFIER_TEMPLATE_BUCKET` under `NOTIFIER_TEMPLATE_PREFIX`, revalidated after
        /// `NOTIFIER_TEMPLATE_REFRESH_SECONDS`.
        case s3(bucket: String, prefix: String, S3Configuration, AWSCredentials, refreshInterval: Duration)
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
        deadlineMargin: Duration = defaultDeadlineMargin
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
    }

    /// Reads the configuration from `environment` (the process environment in production).
    init(environment: [String: String]) throws(ConfigurationError) {
        func value(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingWhitespace(), !value.isEmpty else { return nil }
            return value
        }
        func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw ConfigurationError(variable: name, problem: "must be a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
            }
            return number
        }

        var defaultFrom: EmailAddress?
        if let text = value("NOTIFIER_DEFAULT_FROM") {
            do {
                defaultFrom = try EmailAddress(parsing: text)
            } catch {
                throw ConfigurationError(variable: "NOTIFIER_DEFAULT_FROM", problem: "is not an e-mail address: \(error)")
            }
        }

        let senderPolicy: SenderPolicy
        if let list = value("NOTIFIER_ALLOWED_SENDERS") {
            senderPolicy = try SenderPolicy(list: list)
        } else if let defaultFrom {
            senderPolicy = SenderPolicy(addresses: [defaultFrom.address], domains: [])
        } else {
            throw ConfigurationError(
                variable: "NOTIFIER_ALLOWED_SENDERS",
                problem: "is not set and neither is NOTIFIER_DEFAULT_FROM: no sender would be allowed; set one of them")
        }

        let configurationSet = value("NOTIFIER_CONFIGURATION_SET")
        if let configurationSet, !SESNames.isValidConfigurationSetName(configurationSet) {
            throw ConfigurationError(variable: "NOTIFIER_CONFIGURATION_SET",
                                     problem: "must be 1-64 letters, digits, '_' or '-', got '\(configurationSet)'")
        }

        let transport: Transport
        if let directory = value("NOTIFIER_OUTBOX_DIR") {
            transport = .outbox(directory: directory)
        } else {
            let ses: SESConfiguration
            do {
                ses = try SESConfiguration.fromEnvironment(environment)
            } catch {
                switch error {
                case .missingRegion:
                    throw ConfigurationError(variable: "AWS_REGION", problem: "is not set (nor AWS_DEFAULT_REGION); it is needed to reach SES")
                case .invalidEndpoint(let endpoint):
                    throw ConfigurationError(variable: "AWS_ENDPOINT_URL_SESV2", problem: "(or AWS_ENDPOINT_URL) is not an http(s) URL: '\(endpoint)'")
                }
            }
            let credentials: AWSCredentials
            do {
                credentials = try AWSCredentials.fromEnvironment(environment)
            } catch {
                guard case .missingVariable(let name) = error else { throw ConfigurationError(variable: "AWS_ACCESS_KEY_ID", problem: "\(error)") }
                throw ConfigurationError(variable: name, problem: "is not set; SES requests cannot be signed")
            }
            transport = .ses(ses, credentials)
        }

        let templates: Templates
        if let bucket = value("NOTIFIER_TEMPLATE_BUCKET") {
            let s3: S3Configuration
            do {
                s3 = try S3Configuration.fromEnvironment(environment)
            } catch {
                throw ConfigurationError(variable: "NOTIFIER_TEMPLATE_BUCKET", problem: "is set but S3 cannot be reached: \(error)")
            }
            let credentials: AWSCredentials
            do {
                credentials = try AWSCredentials.fromEnvironment(environment)
            } catch {
                guard case .missingVariable(let name) = error else { throw ConfigurationError(variable: "AWS_ACCESS_KEY_ID", problem: "\(error)") }
                throw ConfigurationError(variable: name, problem: "is not set; template requests to S3 cannot be signed")
            }
            var prefix = value("NOTIFIER_TEMPLATE_PREFIX") ?? ""
            if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
            let refresh = try integer("NOTIFIER_TEMPLATE_REFRESH_SECONDS", default: 60, range: 0...86_400)
            templates = .s3(bucket: bucket, prefix: prefix, s3, credentials, refreshInterval: .seconds(refresh))
        } else if let directory = value("NOTIFIER_TEMPLATE_DIR") {
            templates = .directory(directory)
        } else {
            // Lambda unpacks the package into LAMBDA_TASK_ROOT (/var/task); local runs use ./templates.
            templates = .directory((value("LAMBDA_TASK_ROOT") ?? ".") + "/templates")
        }

        self.init(
            transport: transport,
            templates: templates,
            defaultFrom: defaultFrom,
            senderPolicy: senderPolicy,
            configurationSet: configurationSet,
            metricsNamespace: value("NOTIFIER_METRICS_NAMESPACE") ?? "Notifier",
            maxConcurrentSends: try integer("NOTIFIER_MAX_CONCURRENT_SENDS", default: Self.defaultMaxConcurrentSends, range: 1...50),
            maxRequestBytes: try integer("NOTIFIER_MAX_REQUEST_BYTES", default: Self.defaultMaxRequestBytes, range: 1024...6_291_456),
            deadlineMargin: .milliseconds(try integer("NOTIFIER_DEADLINE_MARGIN_MS", default: 1000, range: 0...60_000)))
    }
}
