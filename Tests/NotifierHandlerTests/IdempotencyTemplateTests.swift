import Foundation
import Testing
import TestSupport

/// The idempotency table of `template.yaml` as the SAM translator outputs it
/// (`Tests/Oracles/template_facts.py`): laid out as the store writes it, kept for prod, and the
/// only thing the function may write to in DynamoDB. moto checks DynamoDB permissions against
/// `*` only, so this is where the table-only scoping is checked.
@Suite struct IdempotencyTemplateTests {
    struct Facts: Decodable {
        struct Table: Decodable {
            var name: String
            var condition: String?
            var deletionPolicy: String?
            var updateReplacePolicy: String?
            var properties: String
        }
        struct Statement: Decodable { var role: String; var effect: String?; var actions: [String]; var resources: String }
        var tables: [Table]
        var statements: [Statement]
        var environment: [String: String]
    }

    /// The stacks `Environment=dev` and `Environment=prod` create (LanguageExtensions resolves the
    /// `Fn::If`s and conditions per stack), and one with the store turned off.
    static let dev = Result { try PythonOracle.decode(Facts.self, from: "template_facts.py", arguments: ["Environment=dev"]) }
    static let prod = Result { try PythonOracle.decode(Facts.self, from: "template_facts.py", arguments: ["Environment=prod"]) }
    static let off = Result { try PythonOracle.decode(Facts.self, from: "template_facts.py", arguments: ["IdempotencyStore=false"]) }

    static func properties(_ table: Facts.Table) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(table.properties.utf8)) as? NSDictionary)
    }

    @Test func theTableIsOnDemandKeyedByIDExpiredByTTLOnExpirationWithPointInTimeRecovery() throws {
        let tables = try (Self.dev.get().tables + Self.prod.get().tables).filter { $0.name.hasPrefix("Idempotency") }
        #expect(tables.map(\.name).sorted() == ["IdempotencyTableDev", "IdempotencyTableProd"])
        #expect(try !Self.off.get().tables.contains { $0.name.hasPrefix("Idempotency") })
        for table in tables {
            let properties = try Self.properties(table)
            #expect(properties["BillingMode"] as? String == "PAY_PER_REQUEST")
            #expect(properties["KeySchema"] as? NSArray == [["AttributeName": "id", "KeyType": "HASH"]])
            #expect(properties["AttributeDefinitions"] as? NSArray == [["AttributeName": "id", "AttributeType": "S"]])
            #expect(properties["TimeToLiveSpecification"] as? NSDictionary == ["AttributeName": "expiration", "Enabled": true])
            #expect(properties["PointInTimeRecoverySpecification"] as? NSDictionary == ["PointInTimeRecoveryEnabled": true])
        }
    }

    @Test func prodKeepsItsTableWhenTheStackGoesAndDevDoesNot() throws {
        let prod = try #require(try Self.prod.get().tables.first { $0.name == "IdempotencyTableProd" })
        let dev = try #require(try Self.dev.get().tables.first { $0.name == "IdempotencyTableDev" })
        #expect(prod.condition == "HasIdempotencyTableProd" && prod.deletionPolicy == "Retain" && prod.updateReplacePolicy == "Retain")
        #expect(dev.condition == "HasIdempotencyTableDev" && dev.deletionPolicy == "Delete")
    }

    @Test(arguments: [("dev", "IdempotencyTableDev"), ("prod", "IdempotencyTableProd")])
    func theFunctionWritesOnlyToTheIdempotencyTableAndOnlyWithItsThreeOperations(environment: String, table: String) throws {
        let facts = try (environment == "prod" ? Self.prod : Self.dev).get()
        let statements = facts.statements.filter { $0.actions.contains { $0.hasPrefix("dynamodb:") } && $0.resources.contains("Idempotency") }
        #expect(statements.count == 1)
        let statement = try #require(statements.first)
        #expect(Set(statement.actions) == ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"])
        #expect(statement.resources == #"{"Fn::GetAtt": ["\#(table)", "Arn"]}"#)
        #expect(try !Self.off.get().statements.contains { $0.resources.contains("Idempotency") })
    }

    @Test func theFunctionIsToldTheTableItsConditionCreatedOrNone() throws {
        #expect(try Self.dev.get().environment["NOTIFIER_IDEMPOTENCY_TABLE"] == #"{"Ref": "IdempotencyTableDev"}"#)
        #expect(try Self.prod.get().environment["NOTIFIER_IDEMPOTENCY_TABLE"] == #"{"Ref": "IdempotencyTableProd"}"#)
        #expect(try Self.off.get().environment["NOTIFIER_IDEMPOTENCY_TABLE"] == #""""#)
        #expect(try Self.dev.get().environment["NOTIFIER_IDEMPOTENCY_TTL_SECONDS"] == #"{"Ref": "IdempotencyTtlSeconds"}"#)
    }
}
