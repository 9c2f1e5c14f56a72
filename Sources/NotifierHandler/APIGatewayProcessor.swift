/// Serves the API Gateway routes, one e-mail per request, answered with an HTTP status a client
/// can act on and never a stack trace:
/// - `POST /notify`: the body is a notification.
/// - `POST /notify/order-received`, `POST /notify/order-shipped`: the body is an order as the
///   Django order service posts it (see ``OrderNotification``), sent to its customer with the
///   template of the same name.
///
/// 202 `{"messageId"}` when SES accepted it; 400 `{"errors": [...]}` listing every problem; 404/405
/// for other routes; 413 over `NOTIFIER_MAX_REQUEST_BYTES`; 415 for a declared non-JSON body (no
/// `Content-Type` is taken as JSON: the order service sends none); 503 when a retry may succeed
/// (throttling, SES 5xx, deadline), 502 when it cannot (SES refused the message).
struct APIGatewayProcessor {
    var reader: NotificationReader
    var maxRequestBytes: Int
    /// Serves the status routes (``MessageStatusRoutes``) when set.
    var statusStore: MessageStatusStore? = nil

    func process(_ request: APIGatewayRequest, dispatcher: inout MailDispatcher, deadline: ContinuousClock.Instant) -> APIGatewayResponse {
        // Status reads send no message: nothing to record for them.
        if let status = MessageStatusRoutes.response(to: request, store: statusStore, deadline: deadline) {
            return status
        }
        let (response, refusal) = route(request, dispatcher: &dispatcher, deadline: deadline)
        if let refusal {
            // A request refused before reading its message is still a message not sent: record it.
            dispatcher.record(.rejected(ValidationError(errors: [FieldError(field: "(request)", message: refusal)])), sourceID: request.requestID)
        }
        return response
    }

    /// The response, and why the request was refused before its message was read, if it was.
    private func route(_ request: APIGatewayRequest, dispatcher: inout MailDispatcher, deadline: ContinuousClock.Instant)
        -> (response: APIGatewayResponse, refusal: String?)
    {
        let path = request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        let orderTemplate = OrderNotification.templates[path]
        guard path == "/notify" || orderTemplate != nil else {
            let message = "no route for \(request.method) \(request.path); use POST /notify, /notify/order-received or /notify/order-shipped"
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
        let item = if let orderTemplate {
            OrderNotification.read(body, template: orderTemplate, reader: reader, deadline: deadline)
        } else {
            reader.read(text: body, path: "", deadline: deadline)
        }
        let outcome = dispatcher.dispatch([MailDispatcher.Item(read: item, sourceID: request.requestID)], deadline: deadline)[0]
        return (Self.response(for: outcome), nil)
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
