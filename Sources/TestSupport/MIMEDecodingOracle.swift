import Foundation

/// `Tests/Oracles/mime_decode.py`: Python's decoders for quoted-printable bodies, header fields
/// and encoded-word phrases, with every escape, padding or charset slip they would forgive
/// reported as a problem.
public enum MIMEDecodingOracle {
    /// What the oracle made of one input.
    public struct Decoded<Value: Decodable & Sendable>: Decodable, Sendable {
        public var value: Value
        /// Everything a strict reader would refuse; empty for a correct encoding.
        public var problems: [String]
    }

    /// Decodes a quoted-printable body.
    public static func quotedPrintable(_ encoded: [UInt8]) throws -> Decoded<[UInt8]> {
        let answer = try run(Request(quotedPrintable: [Data(encoded).base64EncodedString()]))
        let decoded = try only(answer.quotedPrintable)
        return Decoded(value: Array(Data(base64Encoded: decoded.bytes) ?? Data()), problems: decoded.problems)
    }

    /// Decodes the value of one whole header field (`Name: value`, folded or not) as a mail
    /// client shows it.
    public static func field(_ raw: [UInt8]) throws -> Decoded<String> {
        try only(run(Request(fields: [String(decoding: raw, as: UTF8.self)])).fields)
    }

    /// Decodes the encoded-words in `text`, such as a display name or a quoted legacy file name.
    public static func phrase(_ text: some StringProtocol) throws -> Decoded<String> {
        try only(run(Request(phrases: [String(text)])).phrases)
    }

    private struct Request: Encodable {
        var quotedPrintable: [String] = []
        var fields: [String] = []
        var phrases: [String] = []
    }

    private struct Answer: Decodable {
        struct Bytes: Decodable { var bytes: String; var problems: [String] }
        var quotedPrintable: [Bytes]
        var fields: [Decoded<String>]
        var phrases: [Decoded<String>]
    }

    private static func run(_ request: Request) throws -> Answer {
        try PythonOracle.decode(Answer.self, from: "mime_decode.py", input: Array(JSONEncoder().encode(request)))
    }

    private static func only<Element>(_ elements: [Element]) throws -> Element {
        guard elements.count == 1, let element = elements.first else { throw UnexpectedAnswer(count: elements.count) }
        return element
    }

    /// The oracle answered with other than one result for one input.
    public struct UnexpectedAnswer: Error, CustomStringConvertible {
        public var count: Int
        public var description: String { "mime_decode.py answered with \(count) results for one input" }
    }
}
