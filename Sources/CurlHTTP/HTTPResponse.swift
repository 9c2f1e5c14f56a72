/// A complete HTTP response: status, header fields of the final response, and body.
public struct HTTPResponse: Sendable {
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
}
