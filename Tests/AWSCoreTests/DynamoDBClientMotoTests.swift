import Foundation
import Testing
import TestSupport
@testable import AWSCore
@testable import DynamoDB

/// `DynamoDBClient` against moto's DynamoDB, which authenticates every request by recomputing its
/// SigV4 signature with botocore (`Tests/Oracles/moto_fixture.py`), on the idempotency table the
/// fixture creates. Each test writes its own keys.
@Suite struct DynamoDBClientMotoTests {
    static var deadline: ContinuousClock.Instant { .now + .seconds(20) }

    static func client(credentials: KeyPath<MotoServer, AWSCredentials> = \.userCredentials) throws -> (DynamoDBClient, String) {
        let moto = try MotoServer.shared()
        return (DynamoDBClient(configuration: moto.dynamoDBConfiguration(credentials: moto[keyPath: credentials])), moto.idempotencyTable)
    }

    static func key() -> DynamoDBItem { ["id": .string("moto-test-\(UUID().uuidString)")] }

    static let absent = DynamoDBExpression("attribute_not_exists(#id)", names: ["#id": "id"])

    @Test func putItemThenGetItemGivesBackEveryValueType() throws {
        let (client, table) = try Self.client(credentials: \.sessionCredentials)
        let key = Self.key()
        let item = key.merging([
            "s": .string("Grüße ✓"), "n": .number("12.5"), "b": .bool(false), "z": .null,
            "l": .list([.string("a"), .integer(2)]), "m": .map(["inner": .integer(-7)]),
        ]) { $1 }

        _ = try client.send(.putItem(table: table, item: item), deadline: Self.deadline)
        let answer = try client.send(.getItem(table: table, key: key, consistentRead: true), deadline: Self.deadline)

        #expect(answer.item == item)
    }

    @Test func getItemOfAMissingKeyAnswersNoItem() throws {
        let (client, table) = try Self.client()

        let answer = try client.send(.getItem(table: table, key: Self.key()), deadline: Self.deadline)

        #expect(answer.item == nil)
    }

    @Test func failedConditionCarriesTheItemThatFailedIt() throws {
        let (client, table) = try Self.client()
        let key = Self.key()
        let first = key.merging(["status": .string("COMPLETED"), "messageId": .string("0100-first")]) { $1 }
        _ = try client.send(.putItem(table: table, item: first, condition: Self.absent), deadline: Self.deadline)

        let second = key.merging(["status": .string("INPROGRESS")]) { $1 }
        let error = #expect(throws: AWSServiceError.self) {
            try client.send(.putItem(table: table, item: second, condition: Self.absent, returnOldItemOnConditionFailure: true), deadline: Self.deadline)
        }

        #expect(error?.code == "ConditionalCheckFailedException")
        #expect(error?.httpStatus == 400)
        #expect(error?.isRetryable == false)
        #expect(error.flatMap(DynamoDBClient.conditionFailureItem) == first)
    }

    @Test func failedConditionWithoutReturnValuesCarriesNoItem() throws {
        let (client, table) = try Self.client()
        let key = Self.key()
        _ = try client.send(.putItem(table: table, item: key, condition: Self.absent), deadline: Self.deadline)

        let error = #expect(throws: AWSServiceError.self) {
            try client.send(.putItem(table: table, item: key, condition: Self.absent), deadline: Self.deadline)
        }

        #expect(error?.code == "ConditionalCheckFailedException")
        #expect(error.flatMap(DynamoDBClient.conditionFailureItem) == nil)
    }

    @Test func updateItemAnswersTheItemAfterTheUpdate() throws {
        let (client, table) = try Self.client()
        let key = Self.key()
        _ = try client.send(.putItem(table: table, item: key.merging(["status": .string("INPROGRESS")]) { $1 }), deadline: Self.deadline)

        let answer = try client.send(.updateItem(
            table: table, key: key,
            update: DynamoDBExpression("SET #status = :completed, #messageId = :messageId",
                                       names: ["#status": "status", "#messageId": "messageId"],
                                       values: [":completed": .string("COMPLETED"), ":messageId": .string("0100-abc")]),
            condition: DynamoDBExpression("#status = :inProgress", names: ["#status": "status"], values: [":inProgress": .string("INPROGRESS")])
        ), deadline: Self.deadline)

        #expect(answer.item == key.merging(["status": .string("COMPLETED"), "messageId": .string("0100-abc")]) { $1 })
    }

    @Test func conditionalDeleteRemovesTheItemOnlyWhenTheConditionHolds() throws {
        let (client, table) = try Self.client()
        let key = Self.key()
        _ = try client.send(.putItem(table: table, item: key.merging(["status": .string("COMPLETED")]) { $1 }), deadline: Self.deadline)
        let whileInProgress = DynamoDBExpression("#status = :inProgress", names: ["#status": "status"], values: [":inProgress": .string("INPROGRESS")])

        #expect(throws: AWSServiceError.self) {
            try client.send(.deleteItem(table: table, key: key, condition: whileInProgress), deadline: Self.deadline)
        }
        #expect(try client.send(.getItem(table: table, key: key, consistentRead: true), deadline: Self.deadline).item != nil)

        _ = try client.send(.deleteItem(table: table, key: key), deadline: Self.deadline)
        #expect(try client.send(.getItem(table: table, key: key, consistentRead: true), deadline: Self.deadline).item == nil)
    }

    @Test func queryFindsTheItemOfItsPartitionKey() throws {
        let (client, table) = try Self.client()
        let key = Self.key()
        let item = key.merging(["status": .string("COMPLETED")]) { $1 }
        _ = try client.send(.putItem(table: table, item: item), deadline: Self.deadline)

        let answer = try client.send(.query(
            table: table, keyCondition: DynamoDBExpression("#id = :id", names: ["#id": "id"], values: [":id": key["id"] ?? .null]), limit: 5
        ), deadline: Self.deadline)

        #expect(answer.items == [item])
    }

    @Test func operationsOfOneSendAreAnsweredEachInItsOrder() throws {
        let (client, table) = try Self.client()
        let keys = (0..<10).map { _ in Self.key() }
        _ = try client.send(.putItem(table: table, item: keys[3]), deadline: Self.deadline)

        let results = client.send(keys.map { .putItem(table: table, item: $0, condition: Self.absent) }, maxConcurrent: 10, deadline: Self.deadline)

        #expect(results.count == 10)
        for (index, result) in results.enumerated() {
            switch result {
            case .success: #expect(index != 3)
            case .failure(let error): #expect(index == 3 && error.code == "ConditionalCheckFailedException", "\(error)")
            }
        }
    }

    @Test func aWrongSecretIsRefusedBySignatureCheck() throws {
        let moto = try MotoServer.shared()
        let forged = AWSCredentials(accessKeyID: moto.accessKeyID, secretAccessKey: "not-the-secret")
        let client = DynamoDBClient(configuration: moto.dynamoDBConfiguration(credentials: forged))

        let error = #expect(throws: AWSServiceError.self) {
            try client.send(.getItem(table: moto.idempotencyTable, key: Self.key()), deadline: Self.deadline)
        }

        #expect(error?.code == "SignatureDoesNotMatch" || error?.code == "InvalidSignatureException", "\(String(describing: error))")
        #expect(error?.isRetryable == false)
    }
}
