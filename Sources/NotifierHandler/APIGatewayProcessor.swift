import LambdaRuntime

/// Serves the API Gateway routes, one e-mail per request, answered with an HTTP status a client
/// can act on and never a stack trace:
/// - `POST /notify`: the body is a notification.
/// - `POST /notify/<template>`: the body is the data of a template whose `template.json` names
///   its recipient (``TemplateRoute``), e.g. an order as the Django order service posts it to
///   `/notify/order-received`; 404 naming the available templates for any other name.
/// - `POST /hooks/<event>`: a signed webhook (``InboundWebhookSignature``), sent with the template
///   whose `template.json` lists the event; 401 saying why for a missing, wrong, stale or replayed
///   signature. With the idempotency table, a delivery is recorded there before its mail is sent,
///   so that a replay is refused by every execution environment (``IdempotencyStore/record(_:now:deadline:)``).
///
/// A template is rendered in the data's `locale`, else in the request's `Accept-Language`.
/// 202 `{"messageId"}` when SES accepted it; 400 `{"errors": [...]}` listing every problem; 404/405
/// for other routes; 413 over `NOTIFIER_MAX_REQUEST_BYTES`; 415 for a declared non-JSON body (no
/// `Content-Type` is taken as JSON: the order service sends none); 503 when a retry may succeed
/// (throttling, SES 5xx, deadline), 502 when it cannot (SES refused the message). With the
/// idempotency store, an `Idempotency-Key` header keys the request (when the message has no
/// `idempotencyKey`, its own or its template's): a repeat is answered 202 with the first
/// `messageId`, 409 while the first is in progress, 422 when the key comes with another payload.
struct APIGatewayProcessor {
    var reader: NotificationReader
    var maxRequestBytes: Int
    /// Serves the status routes (``MessageStatusRoutes``) when set.
    var statusStore: MessageStatusStore? = nil
    /// How `POST /hooks/<event>` checks signatures (`NOTIFIER_WEBHOOK_*`).
    var inboundWebhooks: InboundWebhookSignature
    /// Unix seconds, for webhook timestamps.
    var now: Int64
    var logger: LambdaLogger

    /// The mail routes.
    private enum Route: Equatable {
        case notify
        case template(String)
        case hook(event: String)
    }

    func process(
        _ request: APIGatewayRequest, dispatcher: inout MailDispatcher, webhookReplays: inout WebhookReplayCache,
        deadline: ContinuousClock.Instant
    ) -> APIGatewayResponse {
        // Status reads send no message: nothing to record for them.
        if let status = MessageStatusRoutes.response(to: request, store: statusStore, deadline: deadline) {
            return status
        }
        guard let route = Self.route(of: request) else {
            let message = "no route for \(request.method.shortened(to: 16)) \(request.path.shortened(to: 128)); use POST /notify, /notify/{template} or /hooks/{event}"
            return Self.refuse(RequestRefusal(status: 404, code: "NotFound", message: message), request, &dispatcher)
        }
        if let refusal = refusal(of: request) {
            return Self.refuse(refusal, request, &dispatcher)
        }
        guard let body = request.body, !body.isEmpty else {
            let error = ValidationError(.whole("(body)"), .missing, "a JSON body is required")
            dispatcher.record(.rejected(error), sourceID: request.requestID)
            return Self.response(for: .rejected(error))
        }
        let locales = request.headers["accept-language"].map(LocaleChain.init(acceptLanguage:)) ?? .empty
        let routes = TemplateRoute(reader: reader)
        switch route {
        case .notify:
            return send(reader.read(text: body, preferredLocales: locales, deadline: deadline), request, &dispatcher, deadline)
        case .template(let name):
            return sendTemplate(name, body: body, event: nil, locales: locales, routes: routes, request, &dispatcher, deadline)
        case .hook(let event):
            let delivery: InboundWebhookSignature.Delivery
            switch inboundWebhooks.verify(event: event, headers: request.headers, body: body, now: now, seen: webhookReplays) {
            case .success(let verified): delivery = verified
            case .failure(let refusal):
                return Self.refuse(RequestRefusal(status: 401, code: refusal.code, message: refusal.message), request, &dispatcher)
            }
            let name: String
            switch routes.template(forEvent: event, deadline: deadline) {
            case .success(let found?):
                name = found
            case .success(nil):
                let message = "no template lists the event '\(event.shortened(to: 64))' in its template.json"
                return Self.refuse(RequestRefusal(status: 404, code: "NotFound", message: message), request, &dispatcher)
            case .failure(let failure):
                return send(.failure(.unavailable(failure)), request, &dispatcher, deadline)
            }
            if let store = dispatcher.store {
                switch store.record(delivery, now: now, deadline: deadline) {
                case .recorded: break
                case .replayed:
                    let refusal = inboundWebhooks.replayRefusal
                    return Self.refuse(RequestRefusal(status: 401, code: refusal.code, message: refusal.message), request, &dispatcher)
                case .unavailable(let failure):
                    return send(.failure(.unavailable(failure)), request, &dispatcher, deadline)
                }
            }
            let response = sendTemplate(name, body: body, event: event, locales: locales, routes: routes, request, &dispatcher, deadline)
            // A delivery is remembered once its mail is sent or refused for good; one that failed for
            // a retryable reason may be posted again.
            if response.statusCode < 500 {
                webhookReplays.remember(delivery.replayKey, until: delivery.rememberUntil, now: now)
            } else if let error = dispatcher.store?.forget(delivery, deadline: deadline) {
                logger.error("webhook delivery left recorded", fields: ["errorCode": .string(error.code), "retryable": .bool(error.isRetryable)])
            }
            return response
        }
    }

    /// The mail route `request` asks for, nil when it asks for none.
    private static func route(of request: APIGatewayRequest) -> Route? {
        let path = routePath(request)
        if path == "/notify" { return .notify }
        if let template = lastSegment(of: path, under: "/notify/") { return .template(template) }
        if let event = lastSegment(of: path, under: "/hooks/") { return .hook(event: event) }
        return nil
    }

    /// Why a request for a route is refused before its message is read, if it is. The path is
    /// the caller's and quoted shortened.
    private func refusal(of request: APIGatewayRequest) -> RequestRefusal? {
        guard request.method == "POST" else {
            return RequestRefusal(status: 405, code: "MethodNotAllowed", message: "\(Self.routePath(request).shortened(to: 128)) accepts POST only")
        }
        guard !request.hasNonJSONContentType else {
            return RequestRefusal(status: 415, code: "UnsupportedMediaType", message: "Content-Type must be application/json")
        }
        guard !request.bodyWasInvalidBase64 else {
            return RequestRefusal(status: 400, code: "InvalidBody", message: "the body is marked base64 but does not decode")
        }
        if let body = request.body, body.count > maxRequestBytes {
            return RequestRefusal(status: 413, code: "PayloadTooLarge", message: "the body is \(body.count) bytes; at most \(maxRequestBytes) are accepted")
        }
        return nil
    }

    /// The e-mail of template `name` for `body`, sent; a template that is no route is refused.
    private func sendTemplate(
        _ name: String, body: [UInt8], event: String?, locales: LocaleChain, routes: TemplateRoute,
        _ request: APIGatewayRequest, _ dispatcher: inout MailDispatcher, _ deadline: ContinuousClock.Instant
    ) -> APIGatewayResponse {
        switch routes.read(template: name, body: body, event: event, preferredLocales: locales, deadline: deadline) {
        case .success(let email): send(.success(email), request, &dispatcher, deadline)
        case .failure(.read(let failure)): send(.failure(failure), request, &dispatcher, deadline)
        case .failure(.notFound(let message)): Self.refuse(RequestRefusal(status: 404, code: "NotFound", message: message), request, &dispatcher)
        }
    }

    private func send(
        _ item: Result<PreparedEmail, ReadFailure>, _ request: APIGatewayRequest, _ dispatcher: inout MailDispatcher,
        _ deadline: ContinuousClock.Instant
    ) -> APIGatewayResponse {
        // The IETF httpapi draft's header (draft-ietf-httpapi-idempotency-key-header): the client's key
        // for this request, used when the message names no idempotencyKey of its own.
        let sourceKey = request.headers["idempotency-key"].map(IdempotencyKey.producer)
        let outcome = dispatcher.dispatch([MailDispatcher.Item(read: item, sourceID: request.requestID, sourceKey: sourceKey)], deadline: deadline)[0]
        return Self.response(for: outcome)
    }

    /// A request refused before its message was read is still a message not sent: it is recorded.
    private static func refuse(_ refusal: RequestRefusal, _ request: APIGatewayRequest, _ dispatcher: inout MailDispatcher) -> APIGatewayResponse {
        dispatcher.record(.refused(refusal), sourceID: request.requestID)
        return response(for: .refused(refusal))
    }

    /// The route's path without a trailing slash.
    private static func routePath(_ request: APIGatewayRequest) -> String {
        request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
    }

    /// `order-received` for `/notify/order-received` under `/notify/`; nil when `path` is not one
    /// segment under `prefix`.
    private static func lastSegment(of path: String, under prefix: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let segment = path.dropFirst(prefix.count)
        return segment.isEmpty || segment.contains("/") ? nil : String(segment)
    }

    static func response(for outcome: MessageOutcome) -> APIGatewayResponse {
        switch outcome {
        case .sent(let messageID):
            APIGatewayResponse(statusCode: 202, body: ["messageId": .string(messageID)])
        case .rejected(let error):
            APIGatewayResponse(statusCode: 400, body: error.json)
        // As the Idempotency-Key draft answers: 409 while the first request with the key is in
        // progress, 422 when the key comes back with another payload.
        case .failed(let failure) where failure.code == IdempotencyStore.inProgressCode:
            .error(409, code: failure.code, message: failure.message, retryable: true)
        case .failed(let failure) where failure.code == IdempotencyStore.keyReusedCode:
            .error(422, code: failure.code, message: failure.message)
        case .failed(let failure):
            .error(failure.isRetryable ? 503 : 502, code: failure.code, message: failure.message, retryable: failure.isRetryable)
        case .refused(let refusal):
            .error(refusal.status, code: refusal.code, message: refusal.message)
        }
    }
}
