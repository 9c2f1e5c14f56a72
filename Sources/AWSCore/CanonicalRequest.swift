import CurlHTTP
import ByteEncoding

/// The SigV4 canonical form of a request, built from what goes on the wire.
///
/// ```
/// METHOD \n canonical URI \n canonical query \n canonical headers \n \n signed headers \n payload hash
/// ```
struct CanonicalRequest {
    /// How the path becomes the canonical URI.
    enum PathRule {
        /// Every service but S3: dot segments resolved, empty segments dropped, then the sent
        /// (already percent-encoded) path is percent-encoded again.
        case normalizedAndEncodedTwice
        /// S3: the sent path as is, percent-encoded once by whoever built the URL.
        case asSent
    }

    /// Header fields never signed: hop-by-hop fields and those proxies rewrite; the set botocore leaves out.
    static let unsignedHeaderNames: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    let text: String
    /// Lower-cased names of the signed header fields, sorted and joined with `;`.
    let signedHeaders: String

    init(method: String, target: RequestTarget, headers: HTTPHeaders, payloadHash: String, pathRule: PathRule) {
        let (canonicalHeaders, signedHeaders) = Self.headers(headers)
        self.signedHeaders = signedHeaders
        var text = method
        text += "\n"
        text += Self.uri(target.path, rule: pathRule)
        text += "\n"
        text += Self.query(target.query)
        text += "\n"
        text += canonicalHeaders
        text += "\n"
        text += signedHeaders
        text += "\n"
        text += payloadHash
        self.text = text
    }

    // MARK: URI

    static func uri(_ path: Substring, rule: PathRule) -> String {
        switch rule {
        case .asSent:
            return String(path)
        case .normalizedAndEncodedTwice:
            return PercentEncoding.encoded(removingDotSegments(path).utf8, keepingSlashes: true)
        }
    }

    /// RFC 3986 §5.2.4 dot-segment removal, plus dropping empty segments (`//`) as AWS does.
    ///
    /// A path ending in `/`, `/.` or `/..` keeps its trailing slash, as RFC 3986 says and as libcurl
    /// sends it (it resolves dot segments before sending). botocore drops that slash after `.`/`..`
    /// (`/a/b/..` gives `/a` there, `/a/` here); nothing this package sends contains dot segments.
    static func removingDotSegments(_ path: Substring) -> String {
        var segments: [Substring] = []
        var endsInDirectory = false
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch segment {
            case "", ".":
                endsInDirectory = true
            case "..":
                _ = segments.popLast()
                endsInDirectory = true
            default:
                segments.append(segment)
                endsInDirectory = false
            }
        }
        if segments.isEmpty { return "/" }
        var normalized = ""
        for segment in segments {
            normalized += "/"
            normalized += segment
        }
        if endsInDirectory { normalized += "/" }
        return normalized
    }

    // MARK: Query

    /// Each `name=value` pair decoded and re-encoded the SigV4 way, then sorted by encoded name and
    /// then encoded value; repeated names are all kept, a bare `name` becomes `name=`.
    ///
    /// A literal `+` is a plus sign (RFC 3986), not a space, and is signed as `%2B`.
    static func query(_ query: Substring) -> String {
        var pairs: [(name: String, value: String)] = []
        for pair in query.split(separator: "&") {
            let equals = pair.firstIndex(of: "=") ?? pair.endIndex
            let name = pair[..<equals]
            let value = equals == pair.endIndex ? "" : pair[pair.index(after: equals)...]
            pairs.append((reencoded(name), reencoded(value)))
        }
        pairs.sort { a, b in
            a.name == b.name ? a.value.utf8.lexicographicallyPrecedes(b.value.utf8) : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        var canonical = ""
        for (index, pair) in pairs.enumerated() {
            if index > 0 { canonical += "&" }
            canonical += pair.name
            canonical += "="
            canonical += pair.value
        }
        return canonical
    }

    private static func reencoded(_ component: Substring) -> String {
        PercentEncoding.encoded(PercentEncoding.decoded(component), keepingSlashes: false)
    }

    // MARK: Headers

    /// Canonical header lines (each ending in `\n`) and the signed header list.
    ///
    /// Names are lower-cased; values lose leading and trailing whitespace and every inner run of
    /// whitespace becomes one space; repeated fields join with `,` in the order sent.
    static func headers(_ headers: HTTPHeaders) -> (canonical: String, signed: String) {
        var order: [String] = []
        var values: [String: String] = [:]
        for field in headers {
            let name = field.name.lowercased()
            guard !unsignedHeaderNames.contains(name) else { continue }
            let value = trimmedAndCollapsed(field.value)
            if let existing = values[name] {
                values[name] = existing + "," + value
            } else {
                values[name] = value
                order.append(name)
            }
        }
        order.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var canonical = ""
        for name in order {
            canonical += name
            canonical += ":"
            canonical += values[name, default: ""]
            canonical += "\n"
        }
        return (canonical, order.joined(separator: ";"))
    }

    static func trimmedAndCollapsed(_ value: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if isASCIIWhitespace(byte) {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(UInt8(ascii: " ")) }
                pendingSpace = false
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
