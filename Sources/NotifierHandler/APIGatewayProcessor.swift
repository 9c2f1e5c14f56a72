/// Serves the API Gateway routes, one e-mail per request, answered with an HTTP status a client
/// can act on and never a stack trace:
/// - `POST /notify`: the body is a notification.
/// - `POST /notify/<template>`: the body is the data of a template whose `template.json` names
///   its recipient (``TemplateRoute``), e.g. an order as the Django order service posts it to
///   `/notify/order-received`; 404 naming the available templates for any other name.
/// - `POST /hooks/<event>`: a signed webhook (``WebhookSignature``), sent with the template whose
///   `template.json` lists the event; 401 saying why for a missing, wrong, stale or replayed
///   signature.
///
/// A template is rendered in the data's `locale`, else in the request's `Accept-Language`.
/// 202 `{"messageId"}` when SES accepted it; 400 `{"errors": [...]}` listing every problem; 404/405
/// for other routes; 413 over `NOTIFIER_MAX_REQUEST_BYTES`; 415 for a declared non-JSON body (no
/// `Content-Type` is taken as JSON: the order service sends none); 503 when a retry may succeed
/// (throttling, SES 5xx, deadline), 502 when it cannot (SES refused the message).
struct APIGatewayProcessor {
    var reader: NotificationReader
    var maxRequestBytes: Int
    var webhooks: WebhookSignature
    /// Unix seconds, for webhook timestamps.
    var now: Int64

    func process(
        _ request: APIGatewayRequest, dispatcher: inout MailDispatcher, webhookReplays: inout WebhookReplayCache,
        deadline: ContinuousClock.Instant
    ) -> APIGatewayResponse {
        let (response, refusal) = route(request, dispatcher: &dispatcher, webhookReplays: &webhookReplays, deadline: deadline)
        if let refusal {
            // A request refused before reading its message is still a message not sent: record it.
            dispatcher.record(.rejected(ValidationError(errors: [FieldError(field: "(request)", message: refusal)])), sourceID: request.requestID)
        }
        return response
    }

    /// The response, and why the request was refused before its message was read, if it was.
    private func route(
        _ request: APIGatewayRequest, dispatcher: inout MailDispatcher, webhookReplays: inout WebhookReplayCache,
        deadline: ContinuousClock.Instant
    ) -> (response: APIGatewayResponse, refusal: String?) {
        let path = request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        let template = Self.lastSegment(of: path, under: "/notify/")
        let event = Self.lastSegment(of: path, under: "/hooks/")
        guard path == "/notify" || template != nil || event != nil else {
            let message = "no route for \(request.method) \(request.path); use POST /notify, /notify/{template} or /hooks/{event}"
            return (.error(404, code: "NotFound", message: message), message)
        }
        guard request.method == "POST" else {
            let message = "\(request.path) accepts POST only"
            return (.error(405, code: "MethodNotAllowed", message: message), message)
        }
        guard !request.hasNonJSONContentType else {
            let message = "Content-Type must be application/json"
            return (.error(415, code: "UnsupportedMediaType", message: message), message)
        }
        guard !request.bodyWasInvalidBase64 else {
            let message = "the body is marked base64 but does not decode"
            return (.error(400, code: "InvalidBody", message: message), message)
        }
        guard let body = request.body, !body.isEmpty else {
            let error = ValidationError(errors: [FieldError(field: "(body)", message: "a JSON body is required")])
            return (APIGatewayResponse(statusCode: 400, body: error.json), "a JSON body is required")
        }
        guard body.count <= maxRequestBytes else {
            let message = "the body is \(body.count) bytes; at most \(maxRequestBytes) are accepted"
            return (.error(413, code: "PayloadTooLarge", message: message), message)
        }
        let locales = request.headers["accept-language"].map(LocaleChain.init(acceptLanguage:)) ?? .empty
        guard template != nil || event != nil else {
            return send(reader.read(text: body, path: "", preferredLocales: locales, deadline: deadline), request, &dispatcher, deadline)
        }
        let routes = TemplateRoute(reader: reader)
        var delivery: WebhookSignature.Delivery?
        let name: String
        if let event {
            switch webhooks.verify(event: event, headers: request.headers, body: body, now: now, seen: webhookReplays) {
            case .success(let verified): delivery = verified
            case .failure(let refusal): return (.error(401, code: refusal.code, message: refusal.message), refusal.message)
            }
            switch routes.template(forEvent: event, deadline: deadline) {
            case .success(let found?):
                name = found
            case .success(nil):
                let message = "no template lists the event '\(event)' in its template.json"
                return (.error(404, code: "NotFound", message: message), message)
            case .failure(let failure):
                return send(.failure(.unavailable(failure)), request, &dispatcher, deadline)
            }
        } else {
            name = template ?? ""
        }
        let item: Result<PreparedEmail, ReadFailure>
        switch routes.read(template: name, body: body, event: event, preferredLocales: locales, deadline: deadline) {
        case .success(let email): item = .success(email)
        case .failure(.read(let failure)): item = .failure(failure)
        case .failure(.notFound(let message)): return (.error(404, code: "NotFound", message: message), message)
        }
        let answer = send(item, request, &dispatcher, deadline)
        // A delivery is remembered once its mail is sent or refused for good; one that failed for
        // a retryable reason may be posted again.
        if let delivery, answer.response.statusCode < 500 {
            webhookReplays.remember(delivery.replayKey, until: now + webhooks.toleranceSeconds, now: now)
        }
        return answer
    }

    private func send(
        _ item: Result<PreparedEmail, ReadFailure>, _ request: APIGatewayRequest, _ dispatcher: inout MailDispatcher,
        _ deadline: ContinuousClock.Instant
    ) -> (response: APIGatewayResponse, refusal: String?) {
        let outcome = dispatcher.dispatch([MailDispatcher.Item(read: item, sourceID: request.requestID)], deadline: deadline)[0]
        return (Self.response(for: outcome), nil)
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
        case .failed(let failure):
            .error(failure.isRetryable ? 503 : 502, code: failure.code, message: failure.message, retryable: failure.isRetryable)
        }
    }
}
