import FoundationEssentials
import LambdaRuntime

/// A handler whose event and response are JSON, decoded and encoded with Foundation's JSON coders.
///
/// Conforming types implement ``handle(_:context:)`` on their own types; the byte-level
/// ``LambdaHandler`` requirement is provided. An event that does not decode is reported as a
/// `Runtime.UnmarshalError`, a response that does not encode as a `Runtime.MarshalError`
/// (see ``LambdaCodingError``).
public protocol CodableLambdaHandler: LambdaHandler {
    associatedtype Event: Decodable
    associatedtype Output: Encodable

    /// Handles one decoded event; the returned value is encoded as the response.
    mutating func handle(_ event: Event, context: LambdaContext) throws -> Output
}

extension CodableLambdaHandler {
    public mutating func handle(_ event: [UInt8], context: LambdaContext) throws -> [UInt8] {
        let decoded: Event
        do {
            decoded = try JSONDecoder().decode(Event.self, from: Data(event))
        } catch {
            throw LambdaCodingError(stage: .decodingEvent, typeName: String(describing: Event.self), detail: String(describing: error))
        }
        let output = try handle(decoded, context: context)
        do {
            return try [UInt8](JSONEncoder().encode(output))
        } catch {
            throw LambdaCodingError(stage: .encodingOutput, typeName: String(describing: Output.self), detail: String(describing: error))
        }
    }
}
