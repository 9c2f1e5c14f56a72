import JSON
import Testing
@testable import NotifierHandler

/// Approval fields' problems carry the field path, its logged form and a reason code like every
/// other field's (README's log section lists the codes).
@Suite struct ApprovalFieldErrorTests {
    func errors(_ json: String) throws -> [FieldError] {
        let value = try JSONParser.parse(Array(json.utf8))
        return NotificationParser.parse(value, path: FieldPath.root.field("body")).errors.errors
    }

    @Test func eachActionProblemNamesItsFieldAndReason() throws {
        let found = try errors(#"""
            {"to": "ada@example.org", "subject": "s", "text": "t", "taskToken": "T", "linkExpiresIn": 5,
             "actions": [{"name": "ok", "label": "OK", "type": "maybe", "ada@example.org": 1},
                         {"label": "No", "type": "success", "error": "E"},
                         {"name": "later", "label": "Later", "type": "heartbeat"}]}
            """#)
        #expect(found.map(\.field) == [
            "body.linkExpiresIn", "body.actions[0].ada@example.org", "body.actions[0].type",
            "body.actions[1].name", "body.actions[1].error",
        ])
        #expect(found.map(\.path.logged) == [
            "body.linkExpiresIn", "body.actions[0].<unknown field>", "body.actions[0].type",
            "body.actions[1].name", "body.actions[1].error",
        ])
        #expect(found.map(\.reason) == [.invalidValue, .unknownField, .invalidValue, .missing, .invalidValue])
    }

    @Test func aTaskTokenAndActionsComeTogether() throws {
        let withoutToken = try errors(#"{"to": "ada@example.org", "subject": "s", "text": "t", "actions": [{"name": "ok", "label": "OK", "type": "success"}]}"#)
        #expect(withoutToken.map(\.field) == ["body.taskToken"])
        #expect(withoutToken.map(\.reason) == [.missing])
        let wrongTypes = try errors(#"{"to": "ada@example.org", "subject": "s", "text": "t", "taskToken": 7, "actions": []}"#)
        #expect(wrongTypes.map(\.field) == ["body.taskToken", "body.actions"])
        #expect(wrongTypes.map(\.reason) == [.invalidType, .missing])
    }
}
