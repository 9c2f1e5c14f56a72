import AWSCore
import JSON

/// One call of a DynamoDB operation, built by one of the static functions (each a few lines: the
/// operation's input as DynamoDB's JSON), sent by ``DynamoDBClient``.
public struct DynamoDBOperation: Sendable {
    /// `PutItem`, `UpdateItem`, …
    public var name: String
    var input: JSONObject
    /// Reads are idempotent; writes are not treated so: a write whose answer was lost is reported
    /// with ``AWSServiceError/mayHaveBeenSent`` rather than sent again.
    var isIdempotent: Bool

    /// `PutItem` of `item`, only when `condition` holds. With `returnOldItemOnConditionFailure`
    /// (`ReturnValuesOnConditionCheckFailure: ALL_OLD`) a failed condition carries the item that
    /// failed it, so a conflict costs no extra read: ``DynamoDBClient/conditionFailureItem(_:)``.
    public static func putItem(
        table: String, item: DynamoDBItem, condition: DynamoDBExpression? = nil, returnOldItemOnConditionFailure: Bool = false
    ) -> DynamoDBOperation {
        var input: JSONObject = ["TableName": .string(table), "Item": DynamoDBItem.json(item)]
        if let condition { add(condition: condition, to: &input) }
        if returnOldItemOnConditionFailure { input["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD" }
        return DynamoDBOperation(name: "PutItem", input: input, isIdempotent: false)
    }

    /// `UpdateItem` of the item at `key` with `update` (`SET #status = :completed`), only when
    /// `condition` holds; the answer's item is the item after the update (`ALL_NEW`). With
    /// `returnOldItemOnConditionFailure` a failed condition carries the item that failed it, as
    /// for ``putItem(table:item:condition:returnOldItemOnConditionFailure:)``.
    public static func updateItem(
        table: String, key: DynamoDBItem, update: DynamoDBExpression, condition: DynamoDBExpression? = nil,
        returnOldItemOnConditionFailure: Bool = false
    ) -> DynamoDBOperation {
        var input: JSONObject = ["TableName": .string(table), "Key": DynamoDBItem.json(key), "ReturnValues": "ALL_NEW"]
        input["UpdateExpression"] = .string(update.text)
        merge(update.names, update.values, into: &input)
        if let condition { add(condition: condition, to: &input) }
        if returnOldItemOnConditionFailure { input["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD" }
        return DynamoDBOperation(name: "UpdateItem", input: input, isIdempotent: false)
    }

    /// `DeleteItem` of the item at `key`, only when `condition` holds.
    public static func deleteItem(table: String, key: DynamoDBItem, condition: DynamoDBExpression? = nil) -> DynamoDBOperation {
        var input: JSONObject = ["TableName": .string(table), "Key": DynamoDBItem.json(key)]
        if let condition { add(condition: condition, to: &input) }
        return DynamoDBOperation(name: "DeleteItem", input: input, isIdempotent: false)
    }

    /// `GetItem` of the item at `key`; strongly consistent when asked.
    public static func getItem(table: String, key: DynamoDBItem, consistentRead: Bool = false) -> DynamoDBOperation {
        let input: JSONObject = ["TableName": .string(table), "Key": DynamoDBItem.json(key), "ConsistentRead": .bool(consistentRead)]
        return DynamoDBOperation(name: "GetItem", input: input, isIdempotent: true)
    }

    /// `Query` of `table` (or its global secondary index `index`) for the items matching
    /// `keyCondition`, at most `limit` of them.
    public static func query(table: String, index: String? = nil, keyCondition: DynamoDBExpression, limit: Int? = nil) -> DynamoDBOperation {
        var input: JSONObject = ["TableName": .string(table), "KeyConditionExpression": .string(keyCondition.text)]
        if let index { input["IndexName"] = .string(index) }
        if let limit { input["Limit"] = .number(String(limit)) }
        merge(keyCondition.names, keyCondition.values, into: &input)
        return DynamoDBOperation(name: "Query", input: input, isIdempotent: true)
    }

    private static func add(condition: DynamoDBExpression, to input: inout JSONObject) {
        input["ConditionExpression"] = .string(condition.text)
        merge(condition.names, condition.values, into: &input)
    }

    /// Adds placeholders to `ExpressionAttributeNames` and `ExpressionAttributeValues`, which an
    /// operation's expressions share.
    private static func merge(_ names: [String: String], _ values: [String: DynamoDBValue], into input: inout JSONObject) {
        if !names.isEmpty {
            var existing = input["ExpressionAttributeNames"]?.objectValue ?? JSONObject()
            for (placeholder, name) in names.sorted(by: { $0.key < $1.key }) { existing[placeholder] = .string(name) }
            input["ExpressionAttributeNames"] = .object(existing)
        }
        if !values.isEmpty {
            var existing = input["ExpressionAttributeValues"]?.objectValue ?? JSONObject()
            for (placeholder, value) in values.sorted(by: { $0.key < $1.key }) { existing[placeholder] = value.json }
            input["ExpressionAttributeValues"] = .object(existing)
        }
    }
}
