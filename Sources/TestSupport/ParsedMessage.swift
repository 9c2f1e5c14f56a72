/// What `Tests/Oracles/mime_parse.py` reports about one message.
public struct ParsedMessage: Decodable, Sendable {
    public struct Address: Decodable, Sendable, Equatable {
        public var name: String
        public var address: String

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    public struct Attachment: Decodable, Sendable {
        public var filename: String?
        public var legacyName: String?
        public var contentType: String
        public var disposition: String?
        public var contentID: String?
        public var size: Int
        public var sha256: String
    }

    public struct Defect: Decodable, Sendable, CustomStringConvertible {
        public var part: String
        public var header: String?
        public var defect: String
        public var description: String { "\(part) \(header ?? "body"): \(defect)" }
    }

    public var subject: String?
    public var from: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var replyTo: [Address]
    public var headers: [[String]]
    public var date: String?
    public var messageID: String?
    public var text: String?
    public var html: String?
    public var attachments: [Attachment]
    public var tree: String
    public var defects: [Defect]
    public var maxLineLength: Int
    public var maxHeaderLineLength: Int
    public var isASCII: Bool
    public var strayLineBreaks: Int

    public var headerNames: [String] {
        headers.compactMap(\.first)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.first == name }?.last
    }

    /// Runs `mime_parse.py` (Python's `email` package, `policy.default`) over a raw message.
    public static func parse(_ raw: [UInt8]) throws -> ParsedMessage {
        try PythonOracle.decode(ParsedMessage.self, from: "mime_parse.py", input: raw)
    }

    /// What keeps the message from being what every message must be: free of defects, ASCII, CRLF
    /// only, no line over 998 octets, no Bcc header. Empty when it is well formed.
    ///
    /// The one tolerated defect is the legacy `name="=?utf-8?B?…?="` parameter on an
    /// attachment's `Content-Type`: RFC 2047 does not allow encoded-words inside quotes,
    /// so Python notes it, yet clients that predate RFC 2231 read file names only there.
    public var wellFormednessProblems: [String] {
        let legacyNameDefects = [
            "InvalidHeaderDefect: encoded word inside quoted string",
            "InvalidHeaderDefect: missing trailing whitespace after encoded-word",
        ]
        var problems = defects
            .filter { !($0.header == "Content-Type" && legacyNameDefects.contains($0.defect)) }
            .map(\.description)
        if !isASCII { problems.append("not ASCII") }
        if strayLineBreaks > 0 { problems.append("\(strayLineBreaks) bare CR or LF") }
        if maxLineLength > 998 { problems.append("a line of \(maxLineLength) octets") }
        if headerNames.contains(where: { $0.lowercased() == "bcc" }) { problems.append("a Bcc header") }
        return problems
    }
}
