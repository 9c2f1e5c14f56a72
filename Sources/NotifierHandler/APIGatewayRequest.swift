import ByteEncoding
import EmailKit
import JSON

/// An API Gateway proxy request, REST (payload 1.0) or HTTP API (payload 2.0), reduced to what
/// routing and the body need.
struct APIGatewayRequest: Sendable, Equatable {
    enum PayloadVersion: Sendable, Equatable {
        /// REST API proxy integration (and HTTP API payload 1.0).
        case v1
        /// HTTP API payload 2.0.
        case v2
    }

    var version: PayloadVersion
    var method: String
    /// The route's path without stage, e.g. `/notify`, its `{parameters}` filled in from
    /// `pathParameters` (`/notify/{template}` → `/notify/order-received`).
    var path: String
    /// Header names lower-cased.
    var headers: [String: String]
    /// The body as sent, base64-decoded when API Gateway encoded it; `nil` when there was none or
    /// it was not valid base64.
    var body: [UInt8]?
    var bodyWasInvalidBase64: Bool
    /// API Gateway's `requestContext.requestId`, naming the request in logs.
    var requestID: String?
    /// `pathParameters`, e.g. `messageId` of `/messages/{messageId}`, `token` of `/actions/{token}`.
    var pathParameters: [String: String] = [:]
    /// `queryStringParameters`, decoded by API Gateway (the last value of a repeated one).
    var queryParameters: [String: String] = [:]
    /// The URL the client called the API at, up to the stage: `https://{requestContext.domainName}`
    /// and, unless it is HTTP API's `$default`, `/{requestContext.stage}`. API Gateway sets both;
    /// behind a custom domain's base path mapping the stage is not in the URL, and
    /// `NOTIFIER_ACTION_BASE_URL` must say the URL instead.
    var publicBaseURL: String?

    /// Recognises a request by its whole shape: a method, a path and a request context.
    init?(_ object: JSONObject) {
        if object["version"]?.stringValue == "2.0", let routeKey = object["routeKey"]?.stringValue,
           let rawPath = object["rawPath"]?.stringValue,
           let method = object["requestContext"]?["http"]?["method"]?.stringValue {
            version = .v2
            self.method = method
            // `routeKey` is "POST /notify", without the stage; `$default` routes fall back to the path.
            let routePath = routeKey.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init)
            path = routePath ?? rawPath
        } else if let method = object["httpMethod"]?.stringValue,
                  let path = object["resource"]?.stringValue ?? object["path"]?.stringValue,
                  object["requestContext"]?.objectValue != nil {
            version = .v1
            self.method = method
            self.path = path
        } else {
            return nil
        }
        path = Self.filling(path, from: object["pathParameters"]?.objectValue)
        requestID = object["requestContext"]?["requestId"]?.stringValue
        if let domain = object["requestContext"]?["domainName"]?.stringValue, !domain.isEmpty,
           domain.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) {
            let stage = object["requestContext"]?["stage"]?.stringValue ?? "$default"
            publicBaseURL = "https://\(domain)" + (stage == "$default" || stage.isEmpty ? "" : "/\(PercentEncoding.encoded(stage.utf8, keepingSlashes: false))")
        }
        var headers: [String: String] = [:]
        for (name, value) in object["headers"]?.objectValue?.members ?? [] {
            if let value = value.stringValue { headers[name.lowercased()] = value }
        }
        self.headers = headers
        for (name, value) in object["pathParameters"]?.objectValue?.members ?? [] {
            if let value = value.stringValue { pathParameters[name] = value }
        }
        for (name, value) in object["queryStringParameters"]?.objectValue?.members ?? [] {
            if let value = value.stringValue { queryParameters[name] = value }
        }
        bodyWasInvalidBase64 = false
        switch object["body"] {
        case .string(let text) where object["isBase64Encoded"]?.boolValue == true:
            let decoded = Base64Decoder.decode(text)
            body = decoded
            bodyWasInvalidBase64 = decoded == nil
        case .string(let text):
            body = Array(text.utf8)
        default:
            body = nil
        }
    }

    /// `/notify/{template}` with `{"template": "welcome"}` → `/notify/welcome`; a parameter
    /// without a value stays as written (and matches no route).
    private static func filling(_ route: String, from parameters: JSONObject?) -> String {
        guard let parameters, route.contains("{") else { return route }
        return route.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else { return String(segment) }
            let name = segment.dropFirst().dropLast()
            return parameters[String(name.hasSuffix("+") ? name.dropLast() : name)]?.stringValue ?? String(segment)
        }.joined(separator: "/")
    }

    /// Whether a content type is declared and it is not JSON (`application/json`, `application/*+json`).
    var hasNonJSONContentType: Bool {
        guard let contentType = headers["content-type"] else { return false }
        return !Self.isJSON(contentType)
    }

    private static func isJSON(_ contentType: String) -> Bool {
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingWhitespace().lowercased() } ?? ""
        return essence == "application/json" || (essence.hasPrefix("application/") && essence.hasSuffix("+json"))
    }
}

extension APIGatewayRequest {
    /// The token of a request to `/actions/{token}`, else `nil`: the `token` path parameter of
    /// that route, or the last segment of a `$default` route's path `/actions/<token>`.
    var actionToken: String? {
        if path == "/actions/{token}" { return pathParameters["token"] }
        guard path.hasPrefix("/actions/") else { return nil }
        let token = path.dropFirst("/actions/".count)
        return token.isEmpty || token.contains("/") ? nil : String(token)
    }
}
