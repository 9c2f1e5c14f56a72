import AWSCore
import DynamoDB

/// The status API: `GET /messages/{messageId}` and `GET /messages?idempotencyKey=…` (API key
/// required, as for every route).
///
/// 200 with ``MessageStatusView/json(_:)``; 404 when no record exists (or no status table is
/// configured); 400 without an `idempotencyKey`; 405 for another method; 503/502 when DynamoDB
/// failed, as a retry may or may not help.
enum MessageStatusRoutes {
    /// The answer when `request` is for a status route, `nil` for any other route.
    static func response(to request: APIGatewayRequest, store: MessageStatusStore?, deadline: ContinuousClock.Instant) -> APIGatewayResponse? {
        let path = request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        guard path == "/messages" || path.hasPrefix("/messages/") else { return nil }
        guard request.method == "GET" else {
            return .error(405, code: "MethodNotAllowed", message: "\(request.path) accepts GET only")
        }
        guard let store else {
            return .error(404, code: "NotFound", message: "message statuses are not kept: NOTIFIER_STATUS_TABLE is not set")
        }
        do {
            let item: DynamoDBItem?
            if path == "/messages" {
                guard let key = request.queryParameters["idempotencyKey"], !key.isEmpty else {
                    return .error(400, code: "MissingIdempotencyKey", message: "GET /messages needs ?idempotencyKey=…")
                }
                item = try store.record(idempotencyKey: key, deadline: deadline)
            } else {
                let messageID = request.pathParameters["messageId"] ?? String(path.dropFirst("/messages/".count))
                guard !messageID.isEmpty, messageID.utf8.count <= 256, !messageID.contains("/") else {
                    return .error(400, code: "InvalidMessageId", message: "a message id is 1-256 characters without '/'")
                }
                item = try store.record(messageID: messageID, deadline: deadline)
            }
            guard let item else { return .error(404, code: "NotFound", message: "no status is known for this message") }
            return APIGatewayResponse(statusCode: 200, body: MessageStatusView.json(item))
        } catch {
            return .error(error.isRetryable ? 503 : 502, code: error.code, message: "the status table could not be read", retryable: error.isRetryable)
        }
    }
}
