import Glibc

/// Which status webhooks the function calls: https URLs whose host is on the allow-list
/// (`NOTIFIER_STATUS_WEBHOOK_HOSTS`) and whose name resolves to global addresses only.
///
/// The host check happens when a message names its webhook (a validation error); the address
/// check when the webhook is called, on every address the name resolves to, and the call then
/// goes to the checked address (``CurlHTTP/HTTPRequest/pinnedAddress``) so that a second lookup
/// cannot swap in another. Redirects are never followed.
struct StatusWebhookPolicy: Sendable, Equatable {
    /// Host names, lower-cased, matched exactly.
    var allowedHosts: Set<String>
    /// `NOTIFIER_TEST_ONLY_ALLOW_LOOPBACK_HTTP_WEBHOOKS`: lets tests call a receiver on loopback
    /// over plain http. Private, link-local and reserved addresses stay refused. The deployment
    /// template cannot set it.
    var allowsLoopbackHTTPForTests = false

    /// The URL when it is well formed, https, and its host is allowed.
    func check(_ text: String) throws(StatusWebhookRefusal) -> StatusWebhookURL {
        let url = try StatusWebhookURL(parsing: text)
        guard url.scheme == "https" || allowsLoopbackHTTPForTests else { throw .notHTTPS }
        guard allowedHosts.contains(url.host) else { throw .hostNotAllowed(url.host) }
        return url
    }

    /// The address to call `url` at: the first its host resolves to, once every one of them is
    /// known to be global (or loopback, when the test-only setting allows it).
    func address(for url: StatusWebhookURL) throws(StatusWebhookRefusal) -> String {
        let addresses = try Self.resolve(url.host)
        guard let first = addresses.first else { throw .unresolvable(host: url.host, reason: "no addresses") }
        for (_, kind) in addresses where kind != .global {
            if kind == .loopback, allowsLoopbackHTTPForTests { continue }
            throw .forbiddenAddress(host: url.host, kind: kind.rawValue)
        }
        return first.address
    }

    /// Every address `host` resolves to (`getaddrinfo`, numeric hosts included), with its kind.
    static func resolve(_ host: String) throws(StatusWebhookRefusal) -> [(address: String, kind: IPAddressKind)] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            throw .unresolvable(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var found: [(address: String, kind: IPAddressKind)] = []
        var entry = list
        while let info = entry?.pointee {
            entry = info.ai_next
            guard let socketAddress = info.ai_addr else { continue }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            switch info.ai_family {
            case AF_INET:
                let bytes = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin_addr
                    inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
                    return withUnsafeBytes(of: address) { Array($0) }
                }
                found.append((String(cString: text), .ipv4(bytes[0], bytes[1], bytes[2], bytes[3])))
            case AF_INET6:
                let bytes = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin6_addr
                    inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
                    return withUnsafeBytes(of: address) { Array($0) }
                }
                found.append((String(cString: text), .ipv6(bytes)))
            default:
                continue
            }
        }
        return found
    }
}
