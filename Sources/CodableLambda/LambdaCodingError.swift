import LambdaRuntime

/// A ``CodableLambdaHandler`` could not decode its event or encode its response.
public struct LambdaCodingError: LambdaFunctionError, Equatable, CustomStringConvertible {
    public enum Stage: Sendable, Equatable {
        case decodingEvent
        case encodingOutput
    }

    public var stage: Stage
    /// The Swift type that was being decoded or encoded.
    public var typeName: String
    /// What the JSON coder reported, e.g. the coding path of a missing key.
    public var detail: String

    public init(stage: Stage, typeName: String, detail: String) {
        self.stage = stage
        self.typeName = typeName
        self.detail = detail
    }

    /// The names AWS's own runtimes use for the same failures.
    public var errorType: String {
        switch stage {
        case .decodingEvent: "Runtime.UnmarshalError"
        case .encodingOutput: "Runtime.MarshalError"
        }
    }

    public var errorMessage: String { description }

    public var description: String {
        switch stage {
        case .decodingEvent: "The event is not a valid \(typeName): \(detail)"
        case .encodingOutput: "The response \(typeName) could not be encoded as JSON: \(detail)"
        }
    }
}
