import Foundation
import Testing
import TestSupport

/// `template.yaml` as CloudFormation will run it, translated by AWS's own SAM translator
/// (`Tests/Oracles/template_facts.py`): every API route needs the API key, the function's
/// role can do only what sending mail needs, and Lambda Managed Instances are there only when asked
/// for, with what they require.
@Suite struct DeploymentTemplateTests {
    struct Facts: Decodable {
        struct Route: Decodable { var api: String; var path: String; var method: String; var security: String }
        struct Statement: Decodable { var role: String; var effect: String?; var actions: [String]; var resources: String; var condition: String }
        var routes: [Route]
        var statements: [Statement]
        /// Each function's CapacityProviderConfig as JSON text, "null" for none.
        var capacityProviderConfigs: [String]
        /// Each capacity provider's VpcConfig as JSON text.
        var capacityProviders: [String]
        /// The descriptions of the template rule assertions the parameters break.
        var ruleViolations: [String]
    }

    /// The stack made with `parameters` (`Name=Value`; the others keep their defaults).
    static func stack(_ parameters: String...) throws -> Facts {
        try PythonOracle.decode(Facts.self, from: "template_facts.py", arguments: parameters)
    }

    /// The optional grants (configuration set, template bucket, the approval example's role) on, so
    /// that every statement is checked.
    static let facts = Result { try stack("ConfigurationSetName=notifier", "TemplateBucket=notifier-templates", "ApprovalExample=true") }
    static let defaultStack = Result { try stack() }
    static let managedInstancesStack = Result {
        try stack("ManagedInstances=true", "Runtime=provided.al2023", "MemorySize=2048",
                  "ManagedInstancesSubnetIds=subnet-0a,subnet-0b", "ManagedInstancesSecurityGroupIds=sg-0c")
    }

    @Test func everyAPIRouteRequiresTheAPIKeyButTheSignedWebhooks() throws {
        // ActionsApi's routes are the approval links, whose token is the credential (ApprovalTemplateTests).
        let routes = try Self.facts.get().routes.filter { $0.api == "NotifierApi" }
        #expect(Set(routes.map { "\($0.method.uppercased()) \($0.path)" }) == [
            "POST /notify", "POST /notify/{template}", "POST /hooks/{event}",
            "GET /messages/{messageId}", "GET /messages",
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
            "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:Query",
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

    /// The template folders are listed (`ListObjectsV2`, which needs `s3:ListBucket` on the bucket)
    /// for the 404 of an unknown template route and for `/hooks/{event}`; under a prefix, only there.
    @Test func theTemplateBucketMayBeListedUnderTheTemplatePrefixOnly() throws {
        let bucket = #"{"Fn::Sub": "arn:${AWS::Partition}:s3:::${TemplateBucket}"}"#
        let listing = try #require(try Self.facts.get().statements.first { $0.actions == ["s3:ListBucket"] && $0.resources == bucket })
        #expect(listing.role == "NotifierRole")
        #expect(listing.condition == #"{"StringLike": {"s3:prefix": {"Fn::Sub": "${TemplatePrefix}*"}}}"#)
        let read = try #require(try Self.facts.get().statements.first { $0.actions == ["s3:GetObject"] && $0.resources.contains("${TemplateBucket}") })
        #expect(read.resources == #"{"Fn::Sub": "arn:${AWS::Partition}:s3:::${TemplateBucket}/${TemplatePrefix}*"}"#)

        let withoutPrefix = try Self.stack("TemplateBucket=notifier-templates", "TemplatePrefix=").statements
        #expect(withoutPrefix.first { $0.actions == ["s3:ListBucket"] && $0.resources == bucket }?.condition == "null")
        #expect(try Self.defaultStack.get().statements.allSatisfy { !$0.actions.contains("s3:ListBucket") })
    }

    // MARK: Lambda Managed Instances

    @Test func byDefaultTheFunctionRunsOnLambdasOwnCapacity() throws {
        let stack = try Self.defaultStack.get()
        // Two functions: the mail function and the approval links' ActionsFunction.
        #expect(stack.capacityProviderConfigs == ["null", "null"])
        #expect(stack.capacityProviders.isEmpty)
        #expect(Set(stack.statements.map(\.role)) == ["NotifierRole", "ActionsRole"])
        #expect(stack.ruleViolations.isEmpty)
    }

    @Test func managedInstancesAddACapacityProviderInTheGivenSubnets() throws {
        let providers = try Self.managedInstancesStack.get().capacityProviders
        #expect(providers == [#"{"SubnetIds": {"Ref": "ManagedInstancesSubnetIds"}, "SecurityGroupIds": {"Ref": "ManagedInstancesSecurityGroupIds"}}"#])
    }

    @Test func withoutSecurityGroupsTheCapacityProviderUsesTheVPCsDefault() throws {
        let providers = try Self.stack("ManagedInstances=true", "Runtime=provided.al2023", "MemorySize=2048",
                                       "ManagedInstancesSubnetIds=subnet-0a").capacityProviders
        #expect(providers == [#"{"SubnetIds": {"Ref": "ManagedInstancesSubnetIds"}}"#])
    }

    @Test func managedInstancesPointTheFunctionAtTheCapacityProviderWithTheConcurrencyParameter() throws {
        // ActionsFunction (approval links) keeps Lambda's own capacity: only the mail function moves.
        let configs = try Self.managedInstancesStack.get().capacityProviderConfigs.filter { $0 != "null" }
        let config = try JSONDecoder().decode([String: [String: [String: String]]].self, from: Data(try #require(configs.first).utf8))
        #expect(configs.count == 1)
        #expect(config == ["LambdaManagedInstancesCapacityProviderConfig": [
            "CapacityProviderArn": ["Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:${NotifierCapacityProvider}"],
            "PerExecutionEnvironmentMaxConcurrency": ["Ref": "ManagedInstancesMaxConcurrency"],
        ]])
    }

    /// The capacity provider's operator role (SAM's, for Lambda to manage the EC2 instances) holds AWS's
    /// managed operator policy and nothing else; the function's own role is the one of the default stack.
    @Test func managedInstancesGrantTheFunctionNothingMore() throws {
        let statements = try Self.managedInstancesStack.get().statements
        let operatorStatements = statements.filter { $0.role != "NotifierRole" && $0.role != "ActionsRole" }
        #expect(operatorStatements.map(\.role) == ["NotifierCapacityProviderOperatorRole"])
        #expect(operatorStatements.map(\.actions) == [[#"managed:"arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator""#]])
        let functionStatements = statements.filter { $0.role == "NotifierRole" }
        let defaultStatements = try Self.defaultStack.get().statements.filter { $0.role == "NotifierRole" }
        #expect(functionStatements.map(\.actions) == defaultStatements.map(\.actions))
        #expect(functionStatements.map(\.resources) == defaultStatements.map(\.resources))
    }

    @Test func managedInstancesWithWhatTheyNeedBreakNoRule() throws {
        #expect(try Self.managedInstancesStack.get().ruleViolations.isEmpty)
    }

    @Test func managedInstancesRequireProvidedAL2023() throws {
        let violations = try Self.stack("ManagedInstances=true", "Runtime=provided.al2", "MemorySize=2048",
                                        "ManagedInstancesSubnetIds=subnet-0a").ruleViolations
        #expect(violations.count == 1)
        #expect(violations.allSatisfy { $0.contains("set Runtime to provided.al2023") })
    }

    @Test(arguments: ["128", "2047", "3000"])
    func managedInstancesRequireAtLeast2048MBInWholeGiB(memorySize: String) throws {
        let violations = try Self.stack("ManagedInstances=true", "Runtime=provided.al2023", "MemorySize=\(memorySize)",
                                        "ManagedInstancesSubnetIds=subnet-0a").ruleViolations
        #expect(violations.count == 1)
        #expect(violations.allSatisfy { $0.contains("at least 2048 MB") })
    }

    @Test(arguments: ["2048", "10240"])
    func managedInstancesAcceptWholeGiBFrom2048MB(memorySize: String) throws {
        let violations = try Self.stack("ManagedInstances=true", "Runtime=provided.al2023", "MemorySize=\(memorySize)",
                                        "ManagedInstancesSubnetIds=subnet-0a").ruleViolations
        #expect(violations.isEmpty)
    }

    @Test func managedInstancesRequireSubnets() throws {
        let violations = try Self.stack("ManagedInstances=true", "Runtime=provided.al2023", "MemorySize=2048").ruleViolations
        #expect(violations.count == 1)
        #expect(violations.allSatisfy { $0.contains("set ManagedInstancesSubnetIds") })
    }
}
