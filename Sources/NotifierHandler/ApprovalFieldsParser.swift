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
    /// The members of one action, logged as they are in field paths.
    static let actionFields: Set<String> = ["name", "label", "type", "output", "error", "cause"]
    static let maximumActions = 5
    static let maximumTaskTokenCharacters = 2048
    static let maximumErrorCharacters = 256
    static let maximumCauseCharacters = 1024
    static let maximumOutputBytes = 4096
    static let maximumLabelCharacters = 80
    static let minimumLinkSeconds = 60

    /// Reads `value` of approval field `key` into `approval`; `path` prefixes the field paths.
    static func read(_ key: String, _ value: JSONValue, path: FieldPath, into approval: inout ApprovalRequest?) -> ValidationError {
        var errors = ValidationError()
        let at = path.field(key)
        var request = approval ?? ApprovalRequest()
        switch key {
        case "taskToken":
            guard let token = value.stringValue else { errors.append(at, .invalidType, "expected a string, found \(value.typeName)"); break }
            if token.isEmpty || token.count > maximumTaskTokenCharacters {
                errors.append(at, token.isEmpty ? .missing : .tooLong, "must be 1-\(maximumTaskTokenCharacters) characters (Step Functions' $$.Task.Token)")
            } else if token.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                errors.append(at, .unsafeCharacter, "must not contain control characters")
            } else {
                request.taskToken = token
            }
        case "actions":
            request.actions = actions(value, at: at, errors: &errors)
        case "linkExpiresIn":
            guard case .number(let text) = value, let seconds = Int(text) else {
                errors.append(at, .invalidType, "expected a whole number of seconds, found \(described(value))")
                break
            }
            if seconds < minimumLinkSeconds {
                errors.append(at, .invalidValue, "must be at least \(minimumLinkSeconds) seconds")
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
    static func check(_ approval: ApprovalRequest?, path: FieldPath) -> ValidationError {
        guard let approval else { return ValidationError() }
        if approval.taskToken == nil, !approval.actions.isEmpty {
            return ValidationError(path.field("taskToken"), .missing, "is required when the message has actions")
        }
        if approval.taskToken != nil, approval.actions.isEmpty {
            return ValidationError(path.field("actions"), .missing, "at least one action is required with a taskToken")
        }
        return ValidationError()
    }

    /// A number as written, anything else by its type.
    private static func described(_ value: JSONValue) -> String {
        if case .number(let text) = value { return text }
        return value.typeName
    }

    private static func actions(_ value: JSONValue, at: FieldPath, errors: inout ValidationError) -> [ApprovalRequest.Action] {
        guard let elements = value.arrayValue else {
            errors.append(at, .invalidType, "expected an array of actions, found \(value.typeName)")
            return []
        }
        guard (1...maximumActions).contains(elements.count) else {
            errors.append(at, elements.isEmpty ? .missing : .tooMany, "must hold 1-\(maximumActions) actions, found \(elements.count)")
            return []
        }
        var result: [ApprovalRequest.Action] = []
        var names: Set<String> = []
        for (index, element) in elements.enumerated() {
            let item = at.index(index)
            guard let object = element.objectValue else {
                errors.append(item, .invalidType, "expected an object, found \(element.typeName)")
                continue
            }
            var valid = true
            func problem(_ member: FieldPath, _ reason: FieldError.Reason, _ message: String) {
                errors.append(member, reason, message)
                valid = false
            }
            for key in object.keys where !actionFields.contains(key) {
                problem(item.key(key, placeholder: "<unknown field>"), .unknownField, "unknown field")
            }
            let name = object["name"]?.stringValue ?? ""
            if !isActionName(name) {
                problem(item.field("name"), object["name"] == nil ? .missing : .invalidValue, "is required: 1-64 letters, digits, '-' or '_'")
            } else if !names.insert(name).inserted {
                problem(item.field("name"), .invalidValue, "'\(name)' is given twice; action names must be unique")
            }
            let label = object["label"]?.stringValue ?? ""
            if label.trimmingWhitespace().isEmpty || label.count > maximumLabelCharacters
                || label.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                problem(item.field("label"), object["label"] == nil ? .missing : .invalidValue, "is required: 1-\(maximumLabelCharacters) characters on one line")
            }
            let kind = object["type"]?.stringValue.flatMap(ApprovalRequest.Action.Kind.init(rawValue:))
            if kind == nil { problem(item.field("type"), object["type"] == nil ? .missing : .invalidValue, "must be \"success\", \"failure\" or \"heartbeat\"") }
            var output: String?
            if let value = object["output"] {
                if kind != .success { problem(item.field("output"), .invalidValue, "is for actions of type \"success\" only") }
                let serialized = value.serialized()
                if serialized.count > maximumOutputBytes {
                    problem(item.field("output"), .tooLarge, "is \(serialized.count) bytes as JSON; at most \(maximumOutputBytes) fit in a link")
                }
                output = String(decoding: serialized, as: UTF8.self)
            }
            let error = object["error"].map { _ in object["error"]?.stringValue }
            let cause = object["cause"].map { _ in object["cause"]?.stringValue }
            for (member, given, limit) in [("error", error, maximumErrorCharacters), ("cause", cause, maximumCauseCharacters)] {
                guard let given else { continue }
                if kind != .failure { problem(item.field(member), .invalidValue, "is for actions of type \"failure\" only") }
                if let text = given {
                    if text.count > limit { problem(item.field(member), .tooLong, "must be at most \(limit) characters") }
                } else {
                    problem(item.field(member), .invalidType, "expected a string")
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
