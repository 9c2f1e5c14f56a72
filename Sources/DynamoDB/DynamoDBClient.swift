import AWSCore
import JSON

extension AWSService {
    /// Amazon DynamoDB: AWS JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`.
    public static let dynamoDB = AWSService(name: "DynamoDB", signingName: "dynamodb", endpointPrefix: "dynamodb", endpointVariableSuffix: "DYNAMODB")
}

/// DynamoDB's item operations (``DynamoDBOperation``) over the AWS core.
///
/// The client blocks the calling thread like the rest of the stack and owns an ``AWSClient`` (and
/// its kept-alive connections), which is not thread-safe: give each thread its own client.
public final class DynamoDBClient {
    private let client: AWSClient

    /// A client for DynamoDB as `configuration` says (its service should be ``AWSService/dynamoDB``).
    public init(configuration: AWSClientConfiguration) {
        client = AWSClient(configuration: configuration)
    }

    public var configuration: AWSClientConfiguration { client.configuration }

    /// Sends one operation; see ``send(_:maxConcurrent:deadline:)``.
    public func send(_ operation: DynamoDBOperation, deadline: ContinuousClock.Instant) throws(AWSServiceError) -> DynamoDBAnswer {
        try send([operation], maxConcurrent: 1, deadline: deadline)[0].get()
    }

    /// Sends the operations concurrently over kept-alive connections, at most `maxConcurrent` in
    /// flight, retried by ``AWSClient`` within `deadline` (throttling, 5xx; a write whose answer was
    /// lost is not retried). One result per operation, in order. A failed condition is the error
    /// `ConditionalCheckFailedException`; ``conditionFailureItem(_:)`` reads the item it carries.
    public func send(_ operations: [DynamoDBOperation], maxConcurrent: Int, deadline: ContinuousClock.Instant) -> [Result<DynamoDBAnswer, AWSServiceError>] {
        let requests = operations.map { operation in
            AWSRequest.awsJSON10(
                operation: operation.name, targetPrefix: "DynamoDB_20120810", endpoint: client.configuration.endpoint,
                body: JSONValue.object(operation.input).serialized(), isIdempotent: operation.isIdempotent)
        }
        return zip(operations, client.send(requests, maxConcurrent: maxConcurrent, deadline: deadline)).map { operation, result in
            result.flatMap { response in
                guard let json = try? JSONParser.parse(response.http.body), let answer = DynamoDBAnswer(json) else {
                    return .failure(AWSServiceError(
                        service: AWSService.dynamoDB.name, operation: operation.name,
                        reason: .unexpectedResponse(status: response.http.status, problem: "the answer is not DynamoDB's JSON"),
                        attempts: response.attempts, mayHaveBeenSent: !operation.isIdempotent))
                }
                return .success(answer)
            }
        }
    }

    /// The item a `ConditionalCheckFailedException` carries when the operation asked for it
    /// (`ReturnValuesOnConditionCheckFailure: ALL_OLD`); `nil` for any other error or when the
    /// condition failed on a missing item.
    public static func conditionFailureItem(_ error: AWSServiceError) -> DynamoDBItem? {
        guard error.code == "ConditionalCheckFailedException", let json = error.serviceResponse?.json?["Item"] else { return nil }
        return DynamoDBItem.item(from: json)
    }
}

/// What a DynamoDB operation answered: the item for `GetItem`, the item after `UpdateItem`, the
/// items of a `Query`.
public struct DynamoDBAnswer: Sendable, Equatable {
    /// `Item` (GetItem) or `Attributes` (UpdateItem, PutItem/DeleteItem with return values).
    public var item: DynamoDBItem?
    /// `Items` (Query).
    public var items: [DynamoDBItem]

    init?(_ json: JSONValue) {
        guard json.objectValue != nil else { return nil }
        if let single = json["Item"] ?? json["Attributes"] {
            guard let item = DynamoDBItem.item(from: single) else { return nil }
            self.item = item
        }
        items = []
        for element in json["Items"]?.arrayValue ?? [] {
            guard let item = DynamoDBItem.item(from: element) else { return nil }
            items.append(item)
        }
    }
}
