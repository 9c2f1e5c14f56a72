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
/// (throttling, SES 5xx, deadline), 502 when it cannot (SES refused the message). With the
/// idempotency store, an `Idempotency-Key` header keys the request (when the body has no
/// `idempotencyKey`): a repeat is answered 202 with the first `messageId`, 409 while the first is
/// in progress, 422 when the key comes with another payload.
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
        if let refusal = refusal(of: request) {
            // A request refused before reading its message is still a message not sent: record it.
            dispatcher.record(.refused(refusal), sourceID: request.requestID)
            return Self.response(for: .refused(refusal))
        }
        guard let body = request.body, !body.isEmpty else {
            let error = ValidationError(.whole("(body)"), .missing, "a JSON body is required")
            dispatcher.record(.rejected(error), sourceID: request.requestID)
            return Self.response(for: .rejected(error))
        }
        let item = if let orderTemplate = OrderNotification.templates[Self.routePath(request)] {
            OrderNotification.read(body, template: orderTemplate, reader: reader, deadline: deadline)
        } else {
            reader.read(text: body, deadline: deadline)
        }
        // The IETF httpapi draft's header (draft-ietf-httpapi-idempotency-key-header): the client's key
        // for this request, used when the notification names no idempotencyKey of its own.
        let sourceKey = request.headers["idempotency-key"].map(IdempotencyKey.producer)
        let outcome = dispatcher.dispatch([MailDispatcher.Item(read: item, sourceID: request.requestID, sourceKey: sourceKey)], deadline: deadline)[0]
        return Self.response(for: outcome)
    }

    /// Why the request is refused before its message is read, if it is. The method and path are
    /// the caller's and quoted shortened.
    private func refusal(of request: APIGatewayRequest) -> RequestRefusal? {
        let path = Self.routePath(request)
        guard path == "/notify" || OrderNotification.templates[path] != nil else {
            let message = "no route for \(request.method.shortened(to: 16)) \(request.path.shortened(to: 128)); use POST /notify, /notify/order-received or /notify/order-shipped"
            return RequestRefusal(status: 404, code: "NotFound", message: message)
        }
        guard request.method == "POST" else {
            return RequestRefusal(status: 405, code: "MethodNotAllowed", message: "\(path) accepts POST only")
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

    /// The route's path without a trailing slash.
    private static func routePath(_ request: APIGatewayRequest) -> String {
        request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
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
