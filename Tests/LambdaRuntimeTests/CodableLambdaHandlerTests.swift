import CodableLambda
import Foundation
import LambdaRuntime
import Testing

/// The typed handler: JSON in, JSON out, through the byte-level requirement the runtime calls.
@Suite struct CodableLambdaHandlerTests {
    struct Greeting: Decodable {
        var name: String
    }

    struct Reply: Encodable {
        var text: String
        var count: Int
    }

    struct Greeter: CodableLambdaHandler {
        var greeted = 0

        mutating func handle(_ event: Greeting, context: LambdaContext) throws -> Reply {
            greeted += 1
            return Reply(text: "Hello, \(event.name)", count: greeted)
        }
    }

    struct Unencodable: Encodable {
        func encode(to encoder: any Encoder) throws {
            throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "never encodes"))
        }
    }

    struct Refuser: CodableLambdaHandler {
        func handle(_ event: Greeting, context: LambdaContext) throws -> Unencodable {
            Unencodable()
        }
    }

    let context = LambdaContext(requestID: "req-1", deadline: .distantFuture, invokedFunctionARN: "arn:aws:lambda:eu-west-1:123456789012:function:greeter")

    @Test func eventIsDecodedAndOutputEncodedAsJSON() throws {
        var handler = Greeter()

        let response = try handler.handle(Array(#"{"name":"Ada"}"#.utf8), context: context)

        let object = try jsonObject(Data(response))
        #expect(object["text"] as? String == "Hello, Ada")
        #expect(object["count"] as? Int == 1)
    }

    @Test func handlerKeepsItsStateBetweenInvocations() throws {
        var handler = Greeter()

        _ = try handler.handle(Array(#"{"name":"Ada"}"#.utf8), context: context)
        let second = try handler.handle(Array(#"{"name":"Grace"}"#.utf8), context: context)

        #expect(try jsonObject(Data(second))["count"] as? Int == 2)
    }

    @Test func eventThatDoesNotDecodeIsAnUnmarshalError() throws {
        var handler = Greeter()

        let error = try #require(throws: LambdaCodingError.self) {
            try handler.handle(Array(#"{"nom":"Ada"}"#.utf8), context: context)
        }

        #expect(error.stage == .decodingEvent)
        #expect(error.errorType == "Runtime.UnmarshalError")
        #expect(error.errorMessage.contains("Greeting"))
        #expect(error.errorMessage.contains("name"))
    }

    @Test func outputThatDoesNotEncodeIsAMarshalError() throws {
        var handler = Refuser()

        let error = try #require(throws: LambdaCodingError.self) {
            try handler.handle(Array(#"{"name":"Ada"}"#.utf8), context: context)
        }

        #expect(error.stage == .encodingOutput)
        #expect(error.errorType == "Runtime.MarshalError")
        #expect(error.errorMessage.contains("never encodes"))
    }
}
