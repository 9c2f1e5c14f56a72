import JSON
import Mustache

/// The fuzzer's input read as a template, its data and its partials, in segments separated by
/// NUL bytes: `template NUL data NUL name LF partial NUL name LF partial …`. Data that is not
/// JSON is replaced by ``fallbackData``; partials that do not parse are left out, as a missing file
/// would be.
struct FuzzedTemplateInput {
    var source: String
    var data: JSONValue
    var partials: [String: MustacheTemplate]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let segments = bytes.split(separator: 0, maxSplits: 9, omittingEmptySubsequences: false)
        source = String(decoding: segments[0], as: UTF8.self)
        data = segments.count > 1 ? (try? JSONParser.parse(Array(segments[1]))) ?? Self.fallbackData : Self.fallbackData
        partials = [:]
        for segment in segments.dropFirst(2) {
            let nameEnd = segment.firstIndex(of: UInt8(ascii: "\n")) ?? segment.endIndex
            let name = String(decoding: segment[..<nameEnd], as: UTF8.self)
            let partialSource = String(decoding: segment[nameEnd...].dropFirst(), as: UTF8.self)
            partials[name] = try? MustacheTemplate(partialSource)
        }
    }

    /// Data with every kind of value, lists that sections iterate and names that nest.
    static let fallbackData: JSONValue = [
        "name": "Ada & <Co> \"quoted\" 'single'",
        "items": [["name": "Pro Controller", "quantity": 2], ["name": "Zelda", "quantity": 1, "gift": true]],
        "list": [1, 2, 3],
        "empty": [],
        "zero": .number("0"),
        "flag": true,
        "nothing": .null,
        "nested": ["a": ["b": ["c": "deep"]]],
        "children": [["children": []], ["children": [["children": []]]]],
    ]
}
