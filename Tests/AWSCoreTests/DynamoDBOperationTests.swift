import CurlHTTP
import Foundation
import JSON
import Testing
@testable import AWSCore
@testable import DynamoDB

/// The request bodies `DynamoDBOperation` builds, member by member as DynamoDB's API reference
/// names them (PutItem, UpdateItem, DeleteItem, GetItem, Query), and the answers it reads.
@Suite struct DynamoDBOperationTests {
    /// The body the client sends for `operation`, as Foundation reads it (member order ignored).
    static func body(_ operation: DynamoDBOperation) throws -> NSDictionary {
        let bytes = JSONValue.object(operation.input).serialized()
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary)
    }

    @Test func conditionalPutItemAsksForTheOldItemOnConditionFailure() throws {
        let operation = DynamoDBOperation.putItem(
            table: "notifier-idempotency",
            item: ["id": .string("k1"), "status": .string("INPROGRESS"), "expiration": .integer(1_767_225_600)],
            condition: DynamoDBExpression(
                "attribute_not_exists(#id) OR #expiration < :now",
                names: ["#id": "id", "#expiration": "expiration"], values: [":now": .integer(1_767_000_000)]),
            returnOldItemOnConditionFailure: true)

        #expect(operation.name == "PutItem")
        #expect(!operation.isIdempotent)
        #expect(try Self.body(operation) == [
            "TableName": "notifier-idempotency",
            "Item": ["id": ["S": "k1"], "status": ["S": "INPROGRESS"], "expiration": ["N": "1767225600"]],
            "ConditionExpression": "attribute_not_exists(#id) OR #expiration < :now",
            "ExpressionAttributeNames": ["#id": "id", "#expiration": "expiration"],
            "ExpressionAttributeValues": [":now": ["N": "1767000000"]],
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        ] as NSDictionary)
    }

    @Test func unconditionalPutItemSendsTheItemAlone() throws {
        let operation = DynamoDBOperation.putItem(table: "t", item: ["id": .string("k")])

        #expect(try Self.body(operation) == ["TableName": "t", "Item": ["id": ["S": "k"]]] as NSDictionary)
    }

    @Test func updateItemMergesThePlaceholdersOfUpdateAndCondition() throws {
        let operation = DynamoDBOperation.updateItem(
            table: "t", key: ["id": .string("k1")],
            update: DynamoDBExpression(
                "SET #status = :completed, #messageId = :messageId",
                names: ["#status": "status", "#messageId": "messageId"],
                values: [":completed": .string("COMPLETED"), ":messageId": .string("0100-abc")]),
            condition: DynamoDBExpression("#status = :inProgress", names: ["#status": "status"], values: [":inProgress": .string("INPROGRESS")]))

        #expect(operation.name == "UpdateItem")
        #expect(!operation.isIdempotent)
        #expect(try Self.body(operation) == [
            "TableName": "t",
            "Key": ["id": ["S": "k1"]],
            "ReturnValues": "ALL_NEW",
            "UpdateExpression": "SET #status = :completed, #messageId = :messageId",
            "ConditionExpression": "#status = :inProgress",
            "ExpressionAttributeNames": ["#status": "status", "#messageId": "messageId"],
            "ExpressionAttributeValues": [
                ":completed": ["S": "COMPLETED"], ":messageId": ["S": "0100-abc"], ":inProgress": ["S": "INPROGRESS"],
            ],
        ] as NSDictionary)
    }

    @Test func deleteItemWithCondition() throws {
        let operation = DynamoDBOperation.deleteItem(
            table: "t", key: ["id": .string("k1")],
            condition: DynamoDBExpression("#status = :inProgress", names: ["#status": "status"], values: [":inProgress": .string("INPROGRESS")]))

        #expect(operation.name == "DeleteItem")
        #expect(!operation.isIdempotent)
        #expect(try Self.body(operation) == [
            "TableName": "t",
            "Key": ["id": ["S": "k1"]],
            "ConditionExpression": "#status = :inProgress",
            "ExpressionAttributeNames": ["#status": "status"],
            "ExpressionAttributeValues": [":inProgress": ["S": "INPROGRESS"]],
        ] as NSDictionary)
    }

    @Test func getItemIsAnIdempotentReadWithItsConsistency() throws {
        let operation = DynamoDBOperation.getItem(table: "t", key: ["id": .string("k1")], consistentRead: true)

        #expect(operation.name == "GetItem")
        #expect(operation.isIdempotent)
        #expect(try Self.body(operation) == ["TableName": "t", "Key": ["id": ["S": "k1"]], "ConsistentRead": true] as NSDictionary)
    }

    @Test func queryOfAnIndexWithALimit() throws {
        let operation = DynamoDBOperation.query(
            table: "t", index: "by-status",
            keyCondition: DynamoDBExpression("#status = :s", names: ["#status": "status"], values: [":s": .string("COMPLETED")]),
            limit: 25)

        #expect(operation.name == "Query")
        #expect(operation.isIdempotent)
        #expect(try Self.body(operation) == [
            "TableName": "t", "IndexName": "by-status", "KeyConditionExpression": "#status = :s", "Limit": 25,
            "ExpressionAttributeNames": ["#status": "status"], "ExpressionAttributeValues": [":s": ["S": "COMPLETED"]],
        ] as NSDictionary)
    }

    @Test func everyValueTypeIsWrittenAndReadBackInDynamoDBsJSON() throws {
        let item: DynamoDBItem = [
            "s": .string("Grüße ✓"), "n": .number("-12.50"), "b": .bool(true), "z": .null,
            "l": .list([.string("a"), .integer(2)]), "m": .map(["inner": .string("x")]),
        ]
        let json = DynamoDBItem.json(item)

        let foundation = try JSONSerialization.jsonObject(with: Data(json.serialized())) as? NSDictionary
        #expect(foundation == [
            "s": ["S": "Grüße ✓"], "n": ["N": "-12.50"], "b": ["BOOL": true], "z": ["NULL": true],
            "l": ["L": [["S": "a"], ["N": "2"]]], "m": ["M": ["inner": ["S": "x"]]],
        ] as NSDictionary)
        #expect(DynamoDBItem.item(from: json) == item)
    }

    @Test func itemsWithTypesTheClientDoesNotReadAreRefusedWhole() throws {
        let json = try JSONParser.parse(Array(#"{"id":{"S":"k"},"tags":{"SS":["a","b"]}}"#.utf8))

        #expect(DynamoDBItem.item(from: json) == nil)
    }

    @Test func conditionFailureItemReadsTheItemOfAConditionalCheckFailure() throws {
        let body = #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"id":{"S":"k1"},"status":{"S":"COMPLETED"}}}"#
        let response = AWSErrorResponse(HTTPResponse(status: 400, headers: [:], body: Array(body.utf8)))
        let error = AWSServiceError(service: "DynamoDB", operation: "PutItem", reason: .service(response), attempts: 1)

        #expect(error.code == "ConditionalCheckFailedException")
        #expect(DynamoDBClient.conditionFailureItem(error) == ["id": .string("k1"), "status": .string("COMPLETED")])
    }

    @Test func conditionFailureItemIsNilForOtherErrors() throws {
        let body = #"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down","Item":{"id":{"S":"k1"}}}"#
        let response = AWSErrorResponse(HTTPResponse(status: 400, headers: [:], body: Array(body.utf8)))
        let error = AWSServiceError(service: "DynamoDB", operation: "PutItem", reason: .service(response), attempts: 4)

        #expect(error.isRetryable)
        #expect(DynamoDBClient.conditionFailureItem(error) == nil)
    }
}
