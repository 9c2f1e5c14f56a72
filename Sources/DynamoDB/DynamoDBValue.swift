import JSON

/// One DynamoDB attribute value, as DynamoDB's JSON writes it: `{"S": "text"}`, `{"N": "42"}`, …
public enum DynamoDBValue: Sendable, Equatable {
    /// `S`
    case string(String)
    /// `N`: the number as its decimal text, as DynamoDB sends and takes it.
    case number(String)
    /// `BOOL`
    case bool(Bool)
    /// `NULL`
    case null
    /// `L`
    case list([DynamoDBValue])
    /// `M`
    case map([String: DynamoDBValue])

    /// A number attribute from a whole number.
    public static func integer(_ value: some BinaryInteger) -> DynamoDBValue {
        .number(String(value))
    }

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The value of an `N` attribute that holds a whole number.
    public var integerValue: Int64? {
        if case .number(let text) = self { Int64(text) } else { nil }
    }

    public var listValue: [DynamoDBValue]? {
        if case .list(let value) = self { value } else { nil }
    }

    public var mapValue: [String: DynamoDBValue]? {
        if case .map(let value) = self { value } else { nil }
    }

    /// The value in DynamoDB's JSON form.
    public var json: JSONValue {
        switch self {
        case .string(let value): ["S": .string(value)]
        case .number(let value): ["N": .string(value)]
        case .bool(let value): ["BOOL": .bool(value)]
        case .null: ["NULL": true]
        case .list(let values): ["L": .array(values.map(\.json))]
        case .map(let members): ["M": DynamoDBItem.json(members)]
        }
    }

    /// Reads DynamoDB's JSON form; `nil` for a type this client does not read (sets, binary).
    public init?(json: JSONValue) {
        guard let object = json.objectValue, object.members.count == 1, let (type, value) = object.members.first else { return nil }
        switch (type, value) {
        case ("S", .string(let text)): self = .string(text)
        case ("N", .string(let text)): self = .number(text)
        case ("BOOL", .bool(let flag)): self = .bool(flag)
        case ("NULL", _): self = .null
        case ("L", .array(let elements)):
            var values: [DynamoDBValue] = []
            for element in elements {
                guard let value = DynamoDBValue(json: element) else { return nil }
                values.append(value)
            }
            self = .list(values)
        case ("M", let members):
            guard let map = DynamoDBItem.item(from: members) else { return nil }
            self = .map(map)
        default: return nil
        }
    }
}

/// An item: attribute names and their values.
public typealias DynamoDBItem = [String: DynamoDBValue]

extension DynamoDBItem {
    /// The item as a DynamoDB JSON object, members sorted by name so that a request body is the
    /// same bytes every time.
    static func json(_ item: DynamoDBItem) -> JSONValue {
        .object(JSONObject(item.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value.json) }))
    }

    /// An item from its DynamoDB JSON object; `nil` when any value is of a type this client does not read.
    static func item(from json: JSONValue) -> DynamoDBItem? {
        guard let object = json.objectValue else { return nil }
        var item: DynamoDBItem = [:]
        for (name, value) in object.members {
            guard let attribute = DynamoDBValue(json: value) else { return nil }
            item[name] = attribute
        }
        return item
    }
}
