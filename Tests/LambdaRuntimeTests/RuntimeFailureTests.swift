import Foundation
import LoopbackHTTP
import RuntimeAPIServer
import Testing

/// How the loop behaves when the Runtime API fails it.
@Suite struct RuntimeFailureTests {
    let timeout: Duration = .seconds(20)

    @Test func nextAnsweredWith500EndsTheProcessNonZero() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        server.inject(.containerError, on: .next)
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let status = try #require(lambda.waitForExit(timeout: timeout))
        #expect(status != 0)
        #expect(lambda.standardOutput.contains("Could not get the next invocation"))
    }

    @Test func nextRefusedConnectionEndsTheProcessNonZero() throws {
        let closed = try RuntimeAPIServer()
        let endpoint = closed.endpoint
        closed.shutdown()
        let lambda = try EchoLambdaProcess(runtimeAPI: endpoint)
        defer { lambda.stop() }

        let status = try #require(lambda.waitForExit(timeout: timeout))
        #expect(status != 0)
        #expect(lambda.standardOutput.contains("Could not get the next invocation"))
    }

    /// Near `Int64.min`, before 1970, and after 4001: arithmetic on the first would overflow.
    @Test(arguments: [-9_223_372_036_854_775.808, -1.0, 100_000_000_000.0])
    func deadlineOutOfRangeIsAMalformedAnswerThatEndsTheProcessNonZero(secondsSince1970: Double) throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        server.enqueue(event: Data("{}".utf8), options: InvocationOptions(deadline: Date(timeIntervalSince1970: secondsSince1970)))
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let status = try #require(lambda.waitForExit(timeout: timeout))
        #expect(status == 1)
        #expect(lambda.standardOutput.contains("Could not get the next invocation"))
        #expect(lambda.standardOutput.contains("Lambda-Runtime-Deadline-Ms is not milliseconds from 1970 to 4001"))
    }

    @Test func nextConnectionDroppedEndsTheProcessNonZero() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        server.inject(.dropConnection, on: .next)
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let status = try #require(lambda.waitForExit(timeout: timeout))
        #expect(status != 0)
    }

    @Test func responseRefusedAsTooLargeIsFollowedByAnError() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        server.inject(.payloadTooLarge, on: .response)
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data("a response Lambda refuses".utf8))
        let error = try #require(server.waitForOutcome(requestID: requestID, timeout: timeout)?.error)

        #expect(error.errorType == "Runtime.ResponseTooLarge")
        let body = try jsonObject(error.body)
        #expect(body["errorType"] as? String == "Runtime.ResponseTooLarge")
        let message = try #require(body["errorMessage"] as? String)
        #expect(message.contains("25 bytes"))
        #expect(message.contains("Exceeded maximum allowed payload size (6291556 bytes)."))
    }

    @Test(arguments: [400, 403])
    func responseRefusedAsInvalidIsFollowedByAnError(status: Int) throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        server.inject(.status(status, body: Data(#"{"errorMessage":"refused","errorType":"InvalidResponse"}"#.utf8)), on: .response)
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data("refused".utf8))
        let error = try #require(server.waitForOutcome(requestID: requestID, timeout: timeout)?.error)

        #expect(error.errorType == "Runtime.InvalidResponse")
        let body = try jsonObject(error.body)
        #expect((body["errorMessage"] as? String)?.contains("HTTP \(status)") == true)
    }

    @Test func responseConnectionDroppedIsFollowedByAnError() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        server.inject(.dropConnection, on: .response)
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data("lost on the way".utf8))
        let error = try #require(server.waitForOutcome(requestID: requestID, timeout: timeout)?.error)

        #expect(error.errorType == "Runtime.ResponseNotDelivered")
    }

    @Test func responseGoneAfterATimeoutIsNotFollowedByAnError() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        server.inject(.status(410, body: Data(#"{"errorMessage":"Invoke timed out","errorType":"ErrorRuntimeInvokeTimeout"}"#.utf8)), on: .response)
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let timedOut = server.enqueue(event: Data("too late".utf8))
        let next = server.enqueue(event: Data("on time".utf8))

        #expect(server.waitForOutcome(requestID: next, timeout: timeout)?.response == Data("on time".utf8))
        #expect(server.waitForOutcome(requestID: timedOut, timeout: .zero) == nil)
        #expect(lambda.waitForExit(timeout: .zero) == nil)
    }

    @Test func responseAnsweredWith500EndsTheProcessNonZero() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        server.inject(.containerError, on: .response)
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data("into the void".utf8))
        let status = try #require(lambda.waitForExit(timeout: timeout))

        #expect(status != 0)
        #expect(server.waitForOutcome(requestID: requestID, timeout: .zero) == nil)
    }
}
