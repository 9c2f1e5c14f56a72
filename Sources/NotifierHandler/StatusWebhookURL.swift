/// A status webhook's URL, split into what the address checks need: `https://host[:port]/path`.
///
/// Only the plain forms are accepted: no user info, no fragment, no spaces or control characters,
/// at most 2048 bytes. A host is matched against the allow-list as written, lower-cased.
struct StatusWebhookURL: Sendable, Equatable {
    /// The URL as given.
    var text: String
    /// `https`, or `http` (only ever allowed by the test-only setting).
    var scheme: String
    /// Lower-cased, an IPv6 literal without its brackets.
    var host: String
    var port: Int

    static let maximumLength = 2048

    /// Splits `text`, or says what is wrong with it.
    init(parsing text: String) throws(StatusWebhookRefusal) {
        guard text.utf8.count <= Self.maximumLength else { throw .malformed("is longer than \(Self.maximumLength) bytes") }
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F || $0 >= 0x80 }) else {
            throw .malformed("contains spaces, control or non-ASCII characters")
        }
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { throw .malformed("is not an absolute URL") }
        scheme = text[..<colon].lowercased()
        guard scheme == "https" || scheme == "http" else { throw .malformed("must use https") }
        let rest = text[text.index(colon, offsetBy: 3)...]
        guard !rest.contains("#") else { throw .malformed("must not have a fragment") }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard !authority.contains("@") else { throw .malformed("must not carry user information") }
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .malformed("has an unclosed IPv6 literal") }
            host = authority[authority.index(after: authority.startIndex)..<close].lowercased()
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .malformed("has text after its IPv6 literal") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon].lowercased()
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority.lowercased()
        }
        guard !host.isEmpty else { throw .malformed("has no host") }
        if let portText {
            guard let port = Int(portText), (1...65_535).contains(port) else { throw .malformed("has an invalid port") }
            self.port = port
        } else {
            port = scheme == "https" ? 443 : 80
        }
        self.text = text
    }
}

/// Why a status webhook is not called: its URL, its host or the address its name resolves to.
enum StatusWebhookRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case hostNotAllowed(String)
    case notHTTPS
    /// The name resolves to an address of this kind (`loopback`, `private`, `link-local`…).
    case forbiddenAddress(host: String, kind: String)
    case unresolvable(host: String, reason: String)

    var description: String {
        switch self {
        case .malformed(let problem): "the webhook URL \(problem)"
        case .hostNotAllowed(let host): "the webhook host '\(host)' is not in NOTIFIER_STATUS_WEBHOOK_HOSTS"
        case .notHTTPS: "the webhook URL must use https"
        case .forbiddenAddress(let host, let kind): "the webhook host '\(host)' resolves to a \(kind) address, which is refused"
        case .unresolvable(let host, let reason): "the webhook host '\(host)' does not resolve: \(reason)"
        }
    }
}
