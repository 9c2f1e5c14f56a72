/// A complete HTTP response: status, header fields of the final response, and body.
///
/// Printing a response shows its status, header fields with the values of
/// ``HTTPHeaders/isSensitive(_:)`` fields as `<redacted>`, and the body's size, never its bytes.
public struct HTTPResponse: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The most bytes of header lines ``HTTPClient`` accepts in one response, counting every
    /// status and field line of interim (`1xx`) responses too: 64 KiB. AWS answers carry well
    /// under 8 KiB. More fails the transfer with ``HTTPClientError/Kind/responseTooLarge``.
    public static let maximumHeaderSize = 64 * 1024
    /// The most header fields ``HTTPClient`` accepts in one response, interim responses included.
    /// More fails the transfer with ``HTTPClientError/Kind/responseTooLarge``.
    public static let maximumHeaderFieldCount = 256

    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    public var description: String { "HTTP \(status) \(headers) body \(body.count) bytes" }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["status": status, "headers": headers, "bodySize": body.count])
    }
}
