import JSON

/// The proxy response API Gateway turns into an HTTP response; the same shape serves REST APIs
/// and HTTP API payload 2.0.
struct APIGatewayResponse: Sendable, Equatable {
    var statusCode: Int
    var body: JSONValue

    var json: JSONValue {
        [
            "statusCode": .number(String(statusCode)),
            "headers": ["Content-Type": "application/json"],
            "body": .string(String(decoding: body.serialized(), as: UTF8.self)),
            "isBase64Encoded": false,
        ]
    }

    static func error(_ statusCode: Int, code: String, message: String, retryable: Bool = false) -> APIGatewayResponse {
        APIGatewayResponse(statusCode: statusCode, body: [
            "error": ["code": .string(code), "message": .string(message), "retryable": .bool(retryable)],
        ])
    }
}
