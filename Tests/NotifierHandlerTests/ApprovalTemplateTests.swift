import Foundation
import JSON
import Testing
import TestSupport

/// The approval e-mails' part of `template.yaml`, as AWS's SAM translator turns it into
/// CloudFormation (`Tests/Oracles/template_facts.py`). moto checks Secrets Manager and Step
/// Functions permissions against `*` only, so the scoping is checked here, by reading.
@Suite struct ApprovalTemplateTests {
    struct Facts: Decodable {
        struct Route: Decodable { var api: String; var path: String; var method: String; var security: String }
        struct Statement: Decodable { var role: String; var actions: [String]; var resources: String }
        struct StateMachine: Decodable { var name: String; var definition: String; var role: String }
        struct Secret: Decodable { var name: String; var generate: String }
        var routes: [Route]
        var statements: [Statement]
        var stateMachines: [StateMachine]
        var secrets: [Secret]
        var environments: [String: [String: String]]
    }

    /// The stack with the example state machine (`ApprovalExample=true`).
    static let facts = Result { try PythonOracle.decode(Facts.self, from: "template_facts.py", arguments: ["ApprovalExample=true"]) }
    static let defaultStack = Result { try PythonOracle.decode(Facts.self, from: "template_facts.py") }

    @Test func theLinksAreServedWithoutAnAPIKeyOnTheirOwnAPI() throws {
        let routes = try Self.facts.get().routes.filter { $0.api == "ActionsApi" }
        #expect(Set(routes.map { "\($0.method.uppercased()) \($0.path)" }) == ["GET /actions/{token}", "POST /actions/{token}"])
        #expect(routes.allSatisfy { $0.security == "null" })
    }

    @Test func onlyTheActionsFunctionMayAnswerTasks() throws {
        let statements = try Self.facts.get().statements.filter { $0.actions.contains { $0.hasPrefix("states:") } }
        #expect(statements.count == 1)
        let answer = try #require(statements.first)
        #expect(answer.role == "ActionsRole")
        #expect(Set(answer.actions) == ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"])
        #expect(answer.resources == #""*""#, "the documented form: these actions have no resource type")
    }

    @Test func theSecretIsReadableOnlyByTheTwoFunctionsAndOnlyThatSecret() throws {
        let reads = try Self.facts.get().statements.filter { $0.actions.contains { $0.hasPrefix("secretsmanager:") } }
        #expect(Set(reads.map(\.role)) == ["NotifierRole", "ActionsRole"])
        for read in reads {
            #expect(read.actions == ["secretsmanager:GetSecretValue"])
            #expect(read.resources == #"{"Ref": "ActionLinkSecret"}"#)
        }
        let secret = try #require(try Self.facts.get().secrets.first { $0.name == "ActionLinkSecret" })
        let generate = try JSONParser.parse(Array(secret.generate.utf8))
        #expect(generate["PasswordLength"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } }.map { $0 >= 32 } == true)
    }

    @Test func theMailFunctionLinksToTheActionsAPI() throws {
        let environment = try #require(try Self.facts.get().environments["NotifierFunction"])
        #expect(environment["NOTIFIER_ACTION_SECRET_ID"] == #"{"Ref": "ActionLinkSecret"}"#)
        #expect(environment["NOTIFIER_ACTION_BASE_URL"]?.contains("https://${ActionsApi}.execute-api.") == true)
        #expect(try Self.facts.get().environments["ActionsFunction"]?["NOTIFIER_ACTION_SECRET_ID"] == #"{"Ref": "ActionLinkSecret"}"#)
    }

    @Test func theExampleIsDeployedOnlyWhenAskedFor() throws {
        let stack = try Self.defaultStack.get()
        #expect(stack.stateMachines.isEmpty)
        #expect(!stack.statements.contains { $0.role == "ApprovalExampleRole" })
        #expect(stack.secrets.map(\.name) == ["ActionLinkSecret"], "the links work without the example")
    }

    @Test func theExampleWaitsForTheLinkThenSendsTheConfirmation() throws {
        let machine = try #require(try Self.facts.get().stateMachines.first { $0.name == "ApprovalExampleStateMachine" })
        let definition = try JSONParser.parse(Array(machine.definition.utf8))
        let request = try #require(definition["States"]?["SendApprovalRequest"])
        #expect(request["Resource"] == "arn:aws:states:::lambda:invoke.waitForTaskToken")
        #expect(request["Parameters"]?["Payload"]?["taskToken.$"] == "$$.Task.Token")
        #expect(request["Next"] == "SendApprovedConfirmation")
        #expect(request["Catch"]?.arrayValue?.first?["Next"] == "SendRejectedConfirmation")
        for name in ["SendApprovedConfirmation", "SendRejectedConfirmation"] {
            #expect(definition["States"]?[name]?["Resource"] == "arn:aws:states:::lambda:invoke")
            #expect(definition["States"]?[name]?["Parameters"]?["FunctionName"] == "${NotifierFunctionArn}")
        }
        let invoke = try #require(try Self.facts.get().statements.first { $0.role == "ApprovalExampleRole" })
        #expect(invoke.actions == ["lambda:InvokeFunction"])
        #expect(invoke.resources == #"{"Fn::GetAtt": ["NotifierFunction", "Arn"]}"#)
    }

    /// The example's approval message, its paths filled from an execution input, is a message the
    /// real function sends: the `approval-request` template with both links.
    @Test func theExampleApprovalMessageIsSentByTheFunction() throws {
        let machine = try #require(try Self.facts.get().stateMachines.first { $0.name == "ApprovalExampleStateMachine" })
        let definition = try JSONParser.parse(Array(machine.definition.utf8))
        let payload = try #require(definition["States"]?["SendApprovalRequest"]?["Parameters"]?["Payload"])
        let approval = try ApprovalFunction()
        let taskToken = approval.stepFunctions.issueTaskToken()
        let input: [String: JSONValue] = ["$.approver": "ada@example.org", "$.request": "Deploy v1.2", "$.requester": "Grace", "$$.Task.Token": .string(taskToken)]
        let message = Self.resolvingPaths(payload, input)
        let outcome = try approval.function.invoke(Data(message.serialized()))
        let messageID = try #require(try JSONParser.parse(Array(outcome.response ?? Data()))["messageId"]?.stringValue, "\(approval.function.log)")
        let stored = try #require(try approval.function.storedMessage(messageID))
        #expect(stored.parsed.subject == "Approval needed: Deploy v1.2")
        #expect(ApprovalFunction.tokens(in: stored.parsed.html ?? "", baseURL: approval.baseURL).count == 2)
    }

    /// `"key.$": "$.path"` replaced by `"key": input[path]`, as Step Functions does for these simple paths.
    static func resolvingPaths(_ value: JSONValue, _ input: [String: JSONValue]) -> JSONValue {
        switch value {
        case .object(let object):
            var resolved = JSONObject()
            for (key, member) in object.members {
                if key.hasSuffix(".$"), let path = member.stringValue, let found = input[path] {
                    resolved[String(key.dropLast(2))] = found
                } else {
                    resolved[key] = resolvingPaths(member, input)
                }
            }
            return .object(resolved)
        case .array(let elements):
            return .array(elements.map { resolvingPaths($0, input) })
        default:
            return value
        }
    }
}
