/// The parts of an absolute `http`/`https` URL that SigV4 signs: the `Host` value, the path and
/// the query, all exactly as they go on the wire (percent-encoding untouched).
struct RequestTarget: Equatable {
    /// Lower-cased host, with the port only when it is not the scheme's default, as libcurl sends it.
    var host: String
    /// The path as written in the URL; `/` when the URL has none.
    var path: Substring
    /// Everything between `?` and `#`, empty when there is no query.
    var query: Substring

    /// Splits `url`, or returns `nil` when it has no `http`/`https` scheme or no host.
    init?(url: String) {
        // Every delimiter is ASCII, so byte positions in `utf8` are valid `String` indices.
        let bytes = url.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
              bytes[colon...].starts(with: "://".utf8)
        else { return nil }
        let defaultPort: Int
        switch url[..<colon].lowercased() {
        case "https": defaultPort = 443
        case "http": defaultPort = 80
        default: return nil
        }

        let afterScheme = url[bytes.index(colon, offsetBy: 3)...]
        let authorityEnd = afterScheme.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        if let userInfoEnd = authority.utf8.lastIndex(of: UInt8(ascii: "@")) {
            authority = authority[authority.utf8.index(after: userInfoEnd)...]
        }

        // An IPv6 literal keeps its brackets and its colons; the port follows the closing bracket.
        let hostEnd: Substring.Index
        if authority.utf8.first == UInt8(ascii: "[") {
            guard let bracket = authority.utf8.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            hostEnd = authority.utf8.index(after: bracket)
        } else {
            hostEnd = authority.utf8.lastIndex(of: UInt8(ascii: ":")) ?? authority.endIndex
        }
        let hostName = authority[..<hostEnd].lowercased()
        guard !hostName.isEmpty else { return nil }
        let portText = authority[hostEnd...].utf8.dropFirst()
        if portText.isEmpty {
            host = hostName
        } else {
            guard let port = Int(Substring(portText)) else { return nil }
            host = port == defaultPort ? hostName : "\(hostName):\(port)"
        }

        let pathAndQuery = afterScheme[authorityEnd...]
        let fragmentStart = pathAndQuery.utf8.firstIndex(of: UInt8(ascii: "#")) ?? pathAndQuery.endIndex
        let beforeFragment = pathAndQuery[..<fragmentStart]
        if let questionMark = beforeFragment.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = beforeFragment[..<questionMark]
            query = beforeFragment[beforeFragment.utf8.index(after: questionMark)...]
        } else {
            path = beforeFragment
            query = ""
        }
        if path.isEmpty { path = "/" }
    }
}
