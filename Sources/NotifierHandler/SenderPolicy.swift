import EmailKit

/// Which `From` addresses this function may send as (`NOTIFIER_ALLOWED_SENDERS`).
///
/// Entries are whole addresses (`alerts@example.com`) or domains (`@example.com`, that domain only,
/// not its subdomains), compared without regard to case. Without the variable, only
/// `NOTIFIER_DEFAULT_FROM`'s address is allowed: a producer cannot pick an arbitrary sender of a
/// verified domain unless the deployer said so.
struct SenderPolicy: Sendable, Equatable {
    private(set) var addresses: Set<String>
    private(set) var domains: Set<String>

    init(addresses: Set<String>, domains: Set<String>) {
        self.addresses = Set(addresses.map { $0.lowercased() })
        self.domains = Set(domains.map { $0.lowercased() })
    }

    /// Parses the comma-separated list; each problem is named by its position.
    init(list: String) throws(ConfigurationError) {
        var addresses: Set<String> = []
        var domains: Set<String> = []
        for (index, rawEntry) in list.split(separator: ",").enumerated() {
            let entry = rawEntry.trimmingWhitespace()
            if entry.isEmpty { continue }
            if entry.hasPrefix("@") {
                do {
                    domains.insert(try EmailAddress(parsing: "postmaster" + entry).domain)
                } catch {
                    throw ConfigurationError(variable: "NOTIFIER_ALLOWED_SENDERS", problem: "entry \(index + 1) is not a domain: \(error)")
                }
            } else {
                do {
                    addresses.insert(try EmailAddress(parsing: entry).address)
                } catch {
                    throw ConfigurationError(variable: "NOTIFIER_ALLOWED_SENDERS", problem: "entry \(index + 1) is not an address: \(error)")
                }
            }
        }
        guard !addresses.isEmpty || !domains.isEmpty else {
            throw ConfigurationError(variable: "NOTIFIER_ALLOWED_SENDERS", problem: "lists no address or @domain")
        }
        self.init(addresses: addresses, domains: domains)
    }

    func allows(_ sender: EmailAddress) -> Bool {
        addresses.contains(sender.address.lowercased()) || domains.contains(sender.domain.lowercased())
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
