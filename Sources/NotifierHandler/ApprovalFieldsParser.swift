import JSON

/// Reads a notification's approval fields, `taskToken`, `actions` and `linkExpiresIn`, checking
/// every type and limit and reporting each problem with its field path, as ``NotificationParser``
/// does for the others.
///
/// Limits: Step Functions' own (a task token of 1–2,048 characters, an `error` of at most 256);
/// and ours, which keep a link short enough for every mail client: at most
/// ``maximumActions`` actions, an output of at most ``maximumOutputBytes`` bytes of JSON and a
/// cause of at most ``maximumCauseCharacters`` characters.
enum ApprovalFieldsParser {
    static let fields: Set<String> = ["taskToken", "actions", "linkExpiresIn"]
    static let maximumActions = 5
    static let maximumTaskTokenCharacters = 2048
    static let maximumErrorCharacters = 256
    static let maximumCauseCharacters = 1024
    static let maximumOutputBytes = 4096
    static let maximumLabelCharacters = 80
    static let minimumLinkSeconds = 60

    /// Reads `value` of approval field `key` into `approval`; `path` prefixes the field paths.
    static func read(_ key: String, _ value: JSONValue, path: String, into approval: inout ApprovalRequest?) -> [FieldError] {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) { errors.append(FieldError(field: path + field, message: message)) }
        var request = approval ?? ApprovalRequest()
        switch key {
        case "taskToken":
            guard let token = value.stringValue else { fail(key, "expected a string, found \(value.typeName)"); break }
            if token.isEmpty || token.count > maximumTaskTokenCharacters {
                fail(key, "must be 1-\(maximumTaskTokenCharacters) characters (Step Functions' $$.Task.Token)")
            } else if token.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                fail(key, "must not contain control characters")
            } else {
                request.taskToken = token
            }
        case "actions":
            request.actions = actions(value, field: key, fail: fail)
        case "linkExpiresIn":
            guard case .number(let text) = value, let seconds = Int(text) else {
                fail(key, "expected a whole number of seconds, found \(described(value))")
                break
            }
            if seconds < minimumLinkSeconds {
                fail(key, "must be at least \(minimumLinkSeconds) seconds")
            } else {
                request.linkExpiresIn = seconds
            }
        default:
            break
        }
        approval = request
        return errors
    }

    /// Problems only the whole notification shows: a task token without actions or the reverse.
    static func check(_ approval: ApprovalRequest?, path: String) -> [FieldError] {
        guard let approval else { return [] }
        if approval.taskToken == nil, !approval.actions.isEmpty {
            return [FieldError(field: path + "taskToken", message: "is required when the message has actions")]
        }
        if approval.taskToken != nil, approval.actions.isEmpty {
            return [FieldError(field: path + "actions", message: "at least one action is required with a taskToken")]
        }
        return []
    }

    /// A number as written, anything else by its type.
    private static func described(_ value: JSONValue) -> String {
        if case .number(let text) = value { return text }
        return value.typeName
    }

    private static func actions(_ value: JSONValue, field: String, fail: (String, String) -> Void) -> [ApprovalRequest.Action] {
        guard let elements = value.arrayValue else {
            fail(field, "expected an array of actions, found \(value.typeName)")
            return []
        }
        guard (1...maximumActions).contains(elements.count) else {
            fail(field, "must hold 1-\(maximumActions) actions, found \(elements.count)")
            return []
        }
        var result: [ApprovalRequest.Action] = []
        var names: Set<String> = []
        for (index, element) in elements.enumerated() {
            let itemPath = "\(field)[\(index)]"
            guard let object = element.objectValue else {
                fail(itemPath, "expected an object, found \(element.typeName)")
                continue
            }
            var valid = true
            func problem(_ member: String, _ message: String) {
                fail("\(itemPath).\(member)", message)
                valid = false
            }
            for key in object.keys where !["name", "label", "type", "output", "error", "cause"].contains(key) {
                problem(key, "unknown field")
            }
            let name = object["name"]?.stringValue ?? ""
            if !isActionName(name) {
                problem("name", "is required: 1-64 letters, digits, '-' or '_'")
            } else if !names.insert(name).inserted {
                problem("name", "'\(name)' is given twice; action names must be unique")
            }
            let label = object["label"]?.stringValue ?? ""
            if label.trimmingWhitespace().isEmpty || label.count > maximumLabelCharacters
                || label.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                problem("label", "is required: 1-\(maximumLabelCharacters) characters on one line")
            }
            let kind = object["type"]?.stringValue.flatMap(ApprovalRequest.Action.Kind.init(rawValue:))
            if kind == nil { problem("type", "must be \"success\", \"failure\" or \"heartbeat\"") }
            var output: String?
            if let value = object["output"] {
                if kind != .success { problem("output", "is for actions of type \"success\" only") }
                let serialized = value.serialized()
                if serialized.count > maximumOutputBytes {
                    problem("output", "is \(serialized.count) bytes as JSON; at most \(maximumOutputBytes) fit in a link")
                }
                output = String(decoding: serialized, as: UTF8.self)
            }
            let error = object["error"].map { _ in object["error"]?.stringValue }
            let cause = object["cause"].map { _ in object["cause"]?.stringValue }
            for (member, given, limit) in [("error", error, maximumErrorCharacters), ("cause", cause, maximumCauseCharacters)] {
                guard let given else { continue }
                if kind != .failure { problem(member, "is for actions of type \"failure\" only") }
                if let text = given {
                    if text.count > limit { problem(member, "must be at most \(limit) characters") }
                } else {
                    problem(member, "expected a string")
                }
            }
            guard valid, let kind else { continue }
            result.append(ApprovalRequest.Action(
                name: name, label: label.trimmingWhitespace(), kind: kind,
                output: kind == .success ? (output ?? String(decoding: JSONValue.object(["action": .string(name)]).serialized(), as: UTF8.self)) : nil,
                error: error ?? nil, cause: cause ?? nil))
        }
        return result
    }

    private static func isActionName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
