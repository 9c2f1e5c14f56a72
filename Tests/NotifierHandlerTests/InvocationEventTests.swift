import JSON
import FoundationEssentials
import Testing
@testable import NotifierHandler

@Suite struct InvocationEventTests {
    static func event(_ name: String) throws -> JSONValue {
        try JSONParser.parse(Fixtures.sampleEvent(name))
    }

    @Test func recognisesAnSQSBatch() throws {
        guard case .sqs(let records) = try InvocationEvent.recognise(Self.event("sqs-batch.json")) else {
            Issue.record("not recognised as SQS"); return
        }
        #expect(records.map(\.messageID) == [
            "059f36b4-87a3-44ab-83d2-661975830a7d", "2e1424d4-f796-459a-8184-9c92662be6da", "7b0c3f42-58b3-4d1c-9a6e-3d0b7e9d2f11",
        ])
        #expect(records.allSatisfy { !$0.isFromFIFOQueue })
    }

    @Test func recognisesAnSNSNotification() throws {
        guard case .sns(let records) = try InvocationEvent.recognise(Self.event("sns.json")) else {
            Issue.record("not recognised as SNS"); return
        }
        #expect(records.first?.subject == "Nightly backup finished")
    }

    @Test(arguments: ["apigateway-rest.json", "apigateway-http.json"])
    func recognisesAPIGatewayRequests(_ file: String) throws {
        guard case .apiGateway(let request) = try InvocationEvent.recognise(Self.event(file)) else {
            Issue.record("not recognised as API Gateway"); return
        }
        #expect(request.method == "POST")
        #expect(request.path == "/notify")
        #expect(!request.hasNonJSONContentType)
        #expect(try JSONParser.parse(request.body ?? []).objectValue?["to"] != nil)
    }

    @Test func recognisesDirectInvocations() throws {
        guard case .direct = try InvocationEvent.recognise(Self.event("direct.json")) else {
            Issue.record("not recognised as direct"); return
        }
        guard case .directBatch(let messages) = try InvocationEvent.recognise(Self.event("direct-batch.json")) else {
            Issue.record("not recognised as a direct batch"); return
        }
        #expect(messages.count == 2)
    }

    @Test func namesWhatItSawWhenTheEventIsUnsupported() throws {
        #expect(throws: UnsupportedEventError(seen: "'Records' from event source 'aws:s3'; only aws:sqs and aws:sns are handled")) {
            try InvocationEvent.recognise(Self.event("unsupported-s3.json"))
        }
        #expect(throws: UnsupportedEventError(seen: "an object with keys detail-type, source")) {
            try InvocationEvent.recognise(["detail-type": "x", "source": "aws.events"])
        }
        #expect(throws: UnsupportedEventError(seen: "a JSON array instead of an object")) {
            try InvocationEvent.recognise([1])
        }
    }

    @Test func doesNotTrustASingleField() {
        // Claims to be SQS but lacks the body and message id every SQS record has.
        #expect(throws: UnsupportedEventError.self) {
            try InvocationEvent.recognise(["Records": [["eventSource": "aws:sqs"]]])
        }
        // Looks like an API Gateway request but has no request context.
        #expect(throws: UnsupportedEventError.self) {
            try InvocationEvent.recognise(["httpMethod": "POST", "path": "/notify"])
        }
    }
}
