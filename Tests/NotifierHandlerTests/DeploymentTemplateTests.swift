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

    @Test func everyAPIRouteRequiresTheAPIKeyButTheSignedWebhooks() throws {
        let routes = try Self.facts.get().routes
        #expect(Set(routes.map { "\($0.method.uppercased()) \($0.path)" }) == [
            "POST /notify", "POST /notify/{template}", "POST /hooks/{event}",
        ])
        for route in routes where route.path != "/hooks/{event}" {
            #expect(route.security == #"[{"api_key": []}]"#, "\(route.path) does not require the API key")
        }
        // Webhook senders sign instead (NOTIFIER_WEBHOOK_SECRETS); the function refuses anything unsigned.
        #expect(routes.first { $0.path == "/hooks/{event}" }?.security != #"[{"api_key": []}]"#)
    }

    @Test func theWebhookSecretsParameterIsNeverEchoed() throws {
        let template = try String(contentsOf: PythonOracle.packageRoot.appendingPathComponent("template.yaml"), encoding: .utf8)
        let block = template.components(separatedBy: "  WebhookSecrets:\n").dropFirst().first ?? ""
        #expect(block.components(separatedBy: "\n  WebhookSignatureHeader:").first?.contains("NoEcho: true") == true)
    }

    @Test func theRoleGrantsOnlyWhatSendingMailNeeds() throws {
        let allowed: Set<String> = [
            "ses:SendEmail", "ses:SendRawEmail", "logs:CreateLogStream", "logs:PutLogEvents",
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:SendMessage",
            "s3:GetObject", "s3:ListBucket",
        ]
        let statements = try Self.facts.get().statements
        #expect(!statements.isEmpty)
        for statement in statements {
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
