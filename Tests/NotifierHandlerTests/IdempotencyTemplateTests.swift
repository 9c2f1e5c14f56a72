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

    static let facts = Result { try PythonOracle.decode(Facts.self, from: "template_facts.py") }

    static func properties(_ table: Facts.Table) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(table.properties.utf8)) as? NSDictionary)
    }

    @Test func theTableIsOnDemandKeyedByIDExpiredByTTLOnExpirationWithPointInTimeRecovery() throws {
        let tables = try Self.facts.get().tables
        #expect(tables.map(\.name).sorted() == ["IdempotencyTableDev", "IdempotencyTableProd"])
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
        let tables = try Self.facts.get().tables
        let prod = try #require(tables.first { $0.name == "IdempotencyTableProd" })
        let dev = try #require(tables.first { $0.name == "IdempotencyTableDev" })
        #expect(prod.condition == "HasIdempotencyTableProd" && prod.deletionPolicy == "Retain" && prod.updateReplacePolicy == "Retain")
        #expect(dev.condition == "HasIdempotencyTableDev" && dev.deletionPolicy == "Delete")
    }

    @Test func theFunctionWritesOnlyToTheIdempotencyTableAndOnlyWithItsThreeOperations() throws {
        let statements = try Self.facts.get().statements.filter { $0.actions.contains { $0.hasPrefix("dynamodb:") } }
        #expect(statements.count == 1)
        let statement = try #require(statements.first)
        #expect(Set(statement.actions) == ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"])
        #expect(statement.resources == #"{"Fn::If": ["HasIdempotencyTableProd", {"Fn::GetAtt": ["IdempotencyTableProd", "Arn"]}, {"Fn::GetAtt": ["IdempotencyTableDev", "Arn"]}]}"#)
    }

    @Test func theFunctionIsToldTheTableItsConditionCreatedOrNone() throws {
        let environment = try Self.facts.get().environment
        #expect(environment["NOTIFIER_IDEMPOTENCY_TABLE"] ==
            #"{"Fn::If": ["HasIdempotencyTableProd", {"Ref": "IdempotencyTableProd"}, {"Fn::If": ["HasIdempotencyTableDev", {"Ref": "IdempotencyTableDev"}, ""]}]}"#)
        #expect(environment["NOTIFIER_IDEMPOTENCY_TTL_SECONDS"] == #"{"Ref": "IdempotencyTtlSeconds"}"#)
    }
}
