import Foundation
import JSON
import Testing

/// The official Mustache specification's test cases, read from `../shared/mustache-spec` beside
/// the checkout. They are never copied into this repository.
struct MustacheSpecCorpus {
    /// The specification's core modules; lambdas and the optional modules are not supported.
    static let modules = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]

    static let directory = URL(filePath: #filePath)
        .deletingLastPathComponent()  // MustacheTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appending(path: "../shared/mustache-spec")
        .standardized

    static let isPresent = FileManager.default.fileExists(atPath: directory.path)

    static let shared = MustacheSpecCorpus()

    private(set) var cases: [MustacheSpecCase] = []
    /// Files that were missing or did not hold a `tests` array of well-formed cases.
    private(set) var problems: [String] = []

    private init() {
        guard Self.isPresent else { return }
        for module in Self.modules {
            let file = Self.directory.appending(path: "\(module).json")
            do {
                let document = try JSONParser.parse(Array(try Data(contentsOf: file)))
                guard let tests = document["tests"]?.arrayValue else {
                    problems.append("\(file.path): no `tests` array")
                    continue
                }
                for test in tests {
                    guard let specCase = MustacheSpecCase(module: module, test: test) else {
                        problems.append("\(file.path): malformed case \(test["name"]?.stringValue ?? "without a name")")
                        continue
                    }
                    cases.append(specCase)
                }
            } catch {
                problems.append("\(file.path): \(error)")
            }
        }
    }
}

/// One case of the specification: render `template` against `data` with `partials`, expect `expected`.
struct MustacheSpecCase: Sendable, CustomTestStringConvertible {
    let module: String
    let name: String
    /// What the case checks, in the specification's words.
    let purpose: String
    let data: JSONValue
    let template: String
    let partials: [String: String]
    let expected: String

    init?(module: String, test: JSONValue) {
        guard let name = test["name"]?.stringValue,
              let template = test["template"]?.stringValue,
              let expected = test["expected"]?.stringValue,
              let data = test["data"]
        else { return nil }
        var partials: [String: String] = [:]
        for member in test["partials"]?.objectValue?.members ?? [] {
            guard let source = member.value.stringValue else { return nil }
            partials[member.key] = source
        }
        self.module = module
        self.name = name
        self.purpose = test["desc"]?.stringValue ?? ""
        self.data = data
        self.template = template
        self.partials = partials
        self.expected = expected
    }

    var testDescription: String { "\(module): \(name)" }
}
