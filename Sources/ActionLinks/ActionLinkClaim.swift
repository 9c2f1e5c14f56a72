import JSON
import StepFunctions
import WallClock

/// What one action link asks for, sealed inside it: which task to answer, how, and until when.
public struct ActionLinkClaim: Sendable, Equatable {
    /// The Step Functions task token (`$$.Task.Token`). Secret: never logged, never shown.
    public var taskToken: String
    /// The action's name, e.g. `approve`; logged.
    public var action: String
    /// The button's text, e.g. `Approve`; shown on the pages.
    public var label: String
    /// Which Step Functions call the link makes.
    public var answer: TaskAnswer
    /// After this moment the link is refused.
    public var expiresAt: WallClockTime
    /// Names the e-mail the link came from in logs (all actions of one e-mail share it).
    public var messageID: String

    public init(taskToken: String, action: String, label: String, answer: TaskAnswer, expiresAt: WallClockTime, messageID: String) {
        self.taskToken = taskToken
        self.action = action
        self.label = label
        self.answer = answer
        self.expiresAt = expiresAt
        self.messageID = messageID
    }

    /// Whether the link may no longer be used at `now`.
    public func isExpired(at now: WallClockTime) -> Bool {
        now.secondsSince1970 >= expiresAt.secondsSince1970
    }

    /// The claim as compact JSON, the plaintext of a link.
    var json: JSONValue {
        var object: JSONObject = [
            "t": .string(taskToken), "a": .string(action), "l": .string(label),
            "x": .number(String(expiresAt.secondsSince1970)), "m": .string(messageID),
        ]
        switch answer {
        case .success(let output):
            object["k"] = "success"
            object["o"] = .string(output)
        case .failure(let error, let cause):
            object["k"] = "failure"
            if let error { object["e"] = .string(error) }
            if let cause { object["c"] = .string(cause) }
        case .heartbeat:
            object["k"] = "heartbeat"
        }
        return .object(object)
    }

    /// The claim in `json`, or `nil` when it is not one this code wrote.
    init?(json: JSONValue) {
        guard let taskToken = json["t"]?.stringValue, let action = json["a"]?.stringValue,
              let label = json["l"]?.stringValue, let messageID = json["m"]?.stringValue,
              case .number(let expiry) = json["x"], let seconds = Int64(expiry),
              seconds < WallClockTime.distantFuture.secondsSince1970
        else { return nil }
        switch json["k"]?.stringValue {
        case "success":
            guard let output = json["o"]?.stringValue else { return nil }
            answer = .success(output: output)
        case "failure":
            answer = .failure(error: json["e"]?.stringValue, cause: json["c"]?.stringValue)
        case "heartbeat":
            answer = .heartbeat
        default:
            return nil
        }
        self.taskToken = taskToken
        self.action = action
        self.label = label
        self.messageID = messageID
        expiresAt = WallClockTime(millisecondsSince1970: seconds * 1000)
    }
}
