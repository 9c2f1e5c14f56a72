/// The request line and header fields of one request, parsed from the text before `\r\n\r\n`.
struct RequestHead {
    var method: String
    var path: String
    var query: String?
    var headers = HTTPServerHeaders()
    /// HTTP/1.1 keeps the connection open unless asked not to; HTTP/1.0 only when asked to.
    var keepsAlive: Bool

    /// `nil` when the head is not HTTP/1.x.
    init?(parsing head: String) {
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let requestLine = lines.popFirst() else { return nil }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].hasPrefix("/") else { return nil }
        let version = parts[2]
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { return nil }

        method = String(parts[0])
        if let questionMark = parts[1].firstIndex(of: "?") {
            path = String(parts[1][..<questionMark])
            query = String(parts[1][parts[1].index(after: questionMark)...])
        } else {
            path = String(parts[1])
        }
        for line in lines {
            // A line starting with whitespace would be an obsolete folded continuation.
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  line.first != " ", line.first != "\t"
            else { return nil }
            let name = line[..<colon]
            guard !name.contains(" "), !name.contains("\t") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.add(name: String(name), value: String(value.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
        }
        keepsAlive = version == "HTTP/1.1"
            ? !headers.containsToken("close", in: "Connection")
            : headers.containsToken("keep-alive", in: "Connection")
    }
}

extension HTTPServerHeaders {
    /// Whether a comma-separated field such as `Connection` lists `token`, ignoring ASCII case.
    func containsToken(_ token: String, in name: String) -> Bool {
        values(of: name).contains { value in
            value.split(separator: ",").contains {
                String($0.filter { $0 != " " && $0 != "\t" }).isSameHeaderName(as: token)
            }
        }
    }
}
