import DynamoDB
import JSON
import EmailKit
import LambdaRuntime
import S3
import SecretsManager
import SESv2
import StepFunctions
import WallClock

/// The function: recognises the event, turns each message into an e-mail, sends them, and answers
/// each source in the way that source retries on.
///
/// event bytes → ``InvocationEvent`` → per message ``NotificationReader`` (``Notification`` →
/// ``PreparedEmail``) → ``MailDispatcher`` → ``MailTransport`` (MIME + SES) → ``MessageOutcome``s
/// → the source's response; after it, one log line per message and one metrics line per invocation.
public struct NotifierHandler: LambdaHandler {
    let configuration: NotifierConfiguration
    let reader: NotificationReader
    var dispatcher: MailDispatcher
    var metrics: MetricsEmitter
    /// `NOTIFIER_STATUS_TABLE`, when message statuses are kept.
    let statusStore: MessageStatusStore?
    /// `NOTIFIER_STATUS_WEBHOOK_HOSTS`, when status changes are posted.
    let statusWebhooks: StatusWebhookSender?
    let actions: ActionRequestProcessor
    /// Webhook deliveries accepted by this execution environment, refused if posted again.
    var webhookReplays = WebhookReplayCache()
    /// The invocation answered last, until ``afterResponse(context:)`` has reported it.
    private var unreported: UnreportedInvocation?

    /// The function as configured by `environment` (the process environment in production): SES,
    /// or the `.eml` outbox when `NOTIFIER_OUTBOX_DIR` is set.
    public init(environment: [String: String]) throws(ConfigurationError) {
        let configuration = try NotifierConfiguration(environment: environment)
        let transport: any MailTransport = switch configuration.transport {
        case .ses(let ses):
            SESMailTransport(client: SESClient(configuration: ses), maxConcurrentSends: configuration.maxConcurrentSends)
        case .outbox(let directory):
            try OutboxMailTransport(directory: directory)
        }
        let templateSource: any TemplateSource = switch configuration.templates {
        case .directory(let directory):
            DirectoryTemplateSource(directory: directory)
        case .s3(let bucket, let prefix, let s3, let refreshInterval):
            S3TemplateSource(client: S3Client(configuration: s3), bucket: bucket, prefix: prefix, refreshInterval: refreshInterval)
        }
        let store = configuration.idempotency.map { idempotency in
            IdempotencyStore(
                client: DynamoDBClient(configuration: idempotency.dynamoDB), table: idempotency.table,
                functionName: idempotency.functionName, retention: idempotency.retention,
                maxConcurrent: configuration.maxConcurrentSends, settleAllowance: configuration.deadlineMargin / 2)
        }
        self.init(configuration: configuration, transport: transport, templates: TemplateLibrary(source: templateSource), store: store)
    }

    init(configuration: NotifierConfiguration, transport: any MailTransport, templates: TemplateLibrary, store: IdempotencyStore? = nil) {
        self.configuration = configuration
        var reader = NotificationReader(validator: NotificationValidator(configuration: configuration), templates: templates,
                                        attachments: AttachmentFetcher(settings: configuration.attachments))
        if let settings = configuration.actions {
            let keys = ActionKeyRing(
                source: SecretsManagerKeySource(client: SecretsManagerClient(configuration: settings.secretsManager), secretID: settings.secretID),
                refreshInterval: settings.keyRefreshInterval)
            reader.actionLinks = ActionLinkIssuer(
                keys: keys, baseURL: settings.baseURL, defaultLifetime: settings.defaultLinkLifetime, maximumLifetime: settings.maximumLinkLifetime)
            actions = ActionRequestProcessor(keys: keys, stepFunctions: StepFunctionsClient(configuration: settings.stepFunctions))
        } else {
            actions = ActionRequestProcessor(keys: nil, stepFunctions: nil)
        }
        self.reader = reader
        dispatcher = MailDispatcher(transport: transport, store: store)
        metrics = MetricsEmitter(namespace: configuration.metricsNamespace)
        statusStore = configuration.messageStatus.map(MessageStatusStore.init(settings:))
        statusWebhooks = configuration.statusWebhooks.map(StatusWebhookSender.init(settings:))
    }

    public mutating func handle(_ event: [UInt8], context: LambdaContext) throws -> [UInt8] {
        let deadline = ContinuousClock.now + context.remainingTime - configuration.deadlineMargin
        let json: JSONValue
        do {
            json = try JSONParser.parse(event)
        } catch {
            context.logger.error("event is not JSON", fields: ["errorCode": "MalformedEvent"])
            throw NotifierFunctionError.malformedEvent(error)
        }
        let recognised: InvocationEvent
        do {
            recognised = try InvocationEvent.recognise(json)
        } catch {
            context.logger.error("unsupported event", fields: ["errorCode": "UnsupportedEvent"])
            throw NotifierFunctionError.unsupportedEvent(error)
        }
        unreported = UnreportedInvocation(source: recognised.sourceName, deadline: deadline)
        return try respond(to: recognised, deadline: deadline, logger: context.logger)
    }

    /// After the answer: completes the idempotency claims of the messages sent, then writes one
    /// log line per message, the invocation's metrics and the sent messages' status records.
    public mutating func afterResponse(context: LambdaContext) {
        guard let invocation = unreported else { return }
        unreported = nil
        let records = dispatcher.finish(deadline: invocation.deadline)
        DeliveryLog.write(records, source: invocation.source, to: context.logger)
        metrics.emit(records, functionName: context.functionName)
        if let statusStore {
            // Inside the margin kept back from the sending deadline for reporting.
            SentStatusRecorder(store: statusStore).record(records, logger: context.logger, deadline: invocation.deadline + configuration.deadlineMargin / 2)
        }
    }

    private mutating func respond(to event: InvocationEvent, deadline: ContinuousClock.Instant, logger: LambdaLogger) throws(NotifierFunctionError) -> [UInt8] {
        switch event {
        case .deliveryEvents(let envelopes):
            let outcome = DeliveryEventProcessor(store: statusStore, webhooks: statusWebhooks).process(envelopes, logger: logger, deadline: deadline)
            DeliveryEventMetrics.emit(outcome.newEvents, namespace: configuration.metricsNamespace, to: metrics.fileDescriptor)
            return try outcome.result.get().serialized()
        case .sqs(let records):
            let outcomes = SQSBatchProcessor(reader: reader).process(records, dispatcher: &dispatcher, deadline: deadline)
            return SQSBatchProcessor.batchResponse(records: records, outcomes: outcomes).serialized()
        case .sns(let records):
            return try SNSProcessor(reader: reader).process(records, dispatcher: &dispatcher, deadline: deadline).result.get().serialized()
        case .apiGateway(let request) where request.actionToken != nil:
            return actions.process(request, token: request.actionToken ?? "", logger: logger, deadline: deadline).json.serialized()
        case .apiGateway(let request):
            var reader = reader
            if reader.actionLinks?.baseURL == nil { reader.actionLinks?.baseURL = request.publicBaseURL }
            let processor = APIGatewayProcessor(
                reader: reader, maxRequestBytes: configuration.maxRequestBytes, statusStore: statusStore,
                inboundWebhooks: configuration.inboundWebhooks, now: WallClockTime.now().secondsSince1970, logger: logger)
            return processor.process(request, dispatcher: &dispatcher, webhookReplays: &webhookReplays, deadline: deadline).json.serialized()
        case .direct(let value):
            return try DirectInvocationProcessor(reader: reader).processSingle(value, dispatcher: &dispatcher, deadline: deadline).result.get().serialized()
        case .directBatch(let values):
            return try DirectInvocationProcessor(reader: reader).processBatch(values, dispatcher: &dispatcher, deadline: deadline).get().serialized()
        }
    }
}

extension NotifierFunctionError: LambdaFunctionError {}

extension InvocationEvent {
    /// The `source` written in logs and metrics.
    var sourceName: String {
        switch self {
        case .sqs: "sqs"
        case .sns: "sns"
        case .deliveryEvents: "ses-events"
        case .apiGateway: "apigateway"
        case .direct, .directBatch: "direct"
        }
    }
}
