import Foundation
import Testing
import TestSupport

/// `template.yaml` as CloudFormation will run it, translated by AWS's own SAM translator
/// (`Tests/Oracles/template_facts.py`): every API route needs the API key, and the function's
/// role can do only what sending mail needs.
@Suite struct DeploymentTemplateTests {
    struct Facts: Decodable {
        struct Route: Decodable { var api: String; var path: String; var method: String; var security: String }
        struct Statement: Decodable { var role: String; var effect: String?; var actions: [String]; var resources: String }
        var routes: [Route]
        var statements: [Statement]
    }

    static let facts = Result { try PythonOracle.decode(Facts.self, from: "template_facts.py") }

    @Test func everyAPIRouteRequiresTheAPIKey() throws {
        // ActionsApi's routes are the approval links, whose token is the credential (ApprovalTemplateTests).
        let routes = try Self.facts.get().routes.filter { $0.api == "NotifierApi" }
        #expect(Set(routes.map { "\($0.method.uppercased()) \($0.path)" }) == [
            "POST /notify", "POST /notify/order-received", "POST /notify/order-shipped",
        ])
        for route in routes {
            #expect(route.security == #"[{"api_key": []}]"#, "\(route.path) does not require the API key")
        }
    }

    @Test func theRoleGrantsOnlyWhatSendingMailNeeds() throws {
        let allowed: Set<String> = [
            "ses:SendEmail", "ses:SendRawEmail", "logs:CreateLogStream", "logs:PutLogEvents",
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:SendMessage",
            "s3:GetObject", "s3:ListBucket",
            "secretsmanager:GetSecretValue", "lambda:InvokeFunction",
        ]
        let statements = try Self.facts.get().statements
        #expect(!statements.isEmpty)
        // The one documented exception (SECURITY.md, ApprovalTemplateTests): states:SendTask* has no resource type.
        for statement in statements where !statement.actions.allSatisfy({ $0.hasPrefix("states:SendTask") }) {
            #expect(statement.effect == "Allow")
            for action in statement.actions {
                #expect(allowed.contains(action), "\(statement.role) may \(action)")
                #expect(!action.contains("*"))
            }
            // Every grant names its resource: no "*", no resource-less statement.
            #expect(statement.resources != #""*""# && !statement.resources.contains(#"":*""#) && statement.resources != "null",
                    "\(statement.actions) on \(statement.resources)")
        }
    }

    @Test func sendingIsLimitedToTheSenderIdentity() throws {
        let send = try #require(try Self.facts.get().statements.first { $0.actions.contains("ses:SendRawEmail") })
        #expect(send.resources.contains(":identity/${SesIdentity}"))
    }
}
