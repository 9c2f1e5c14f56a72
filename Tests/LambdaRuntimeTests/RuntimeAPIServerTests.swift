import CurlHTTP
import Dispatch
import Foundation
import RuntimeAPIServer
import Testing

/// The Runtime API server speaking to a plain HTTP client, as a runtime sees it.
@Suite struct RuntimeAPIServerTests {
    private func url(_ server: RuntimeAPIServer, _ path: String) -> String {
        "http://\(server.endpoint)/2018-06-01/runtime\(path)"
    }

    private func next(_ server: RuntimeAPIServer, client: HTTPClient = HTTPClient()) throws -> HTTPResponse {
        try client.execute(HTTPRequest(method: .get, url: url(server, "/invocation/next"), timeout: .seconds(10)))
    }

    @Test func nextAnswersWithTheEventAndLambdasHeaders() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let deadline = Date(timeIntervalSince1970: 1_714_564_830.250)
        server.enqueue(event: Data(#"{"Records":[]}"#.utf8), options: InvocationOptions(
            requestID: "req-1",
            deadline: deadline,
            invokedFunctionARN: "arn:aws:lambda:eu-west-1:123456789012:function:notifier",
            traceID: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1",
            clientContext: "{}",
            cognitoIdentity: "{\"id\":1}",
            tenantID: "blue"
        ))

        let response = try next(server)

        #expect(response.status == 200)
        #expect(response.body == Array(#"{"Records":[]}"#.utf8))
        #expect(response.headers["Lambda-Runtime-Aws-Request-Id"] == "req-1")
        #expect(response.headers["Lambda-Runtime-Deadline-Ms"] == "1714564830250")
        #expect(response.headers["Lambda-Runtime-Invoked-Function-Arn"] == "arn:aws:lambda:eu-west-1:123456789012:function:notifier")
        #expect(response.headers["Lambda-Runtime-Trace-Id"] == "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1")
        #expect(response.headers["Lambda-Runtime-Client-Context"] == "{}")
        #expect(response.headers["Lambda-Runtime-Cognito-Identity"] == "{\"id\":1}")
        #expect(response.headers["Lambda-Runtime-Aws-Tenant-Id"] == "blue")
        #expect(response.headers["Lambda-Runtime-Invocation-Id"]?.isEmpty == false)
    }

    @Test func optionalHeadersAreAbsentWhenNotSet() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        server.enqueue(event: Data("{}".utf8))

        let response = try next(server)

        #expect(response.headers["Lambda-Runtime-Trace-Id"] == nil)
        #expect(response.headers["Lambda-Runtime-Client-Context"] == nil)
        #expect(response.headers["Lambda-Runtime-Cognito-Identity"] == nil)
        #expect(response.headers["Lambda-Runtime-Aws-Tenant-Id"] == nil)
    }

    @Test func everyInvocationGetsItsOwnInvocationID() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = HTTPClient()
        server.enqueue(event: Data("1".utf8), options: InvocationOptions(requestID: "same"))
        let first = try next(server, client: client)
        _ = try client.execute(HTTPRequest(method: .post, url: url(server, "/invocation/same/response"), timeout: .seconds(5)))
        server.enqueue(event: Data("2".utf8), options: InvocationOptions(requestID: "same"))
        let second = try next(server, client: client)

        #expect(first.headers["Lambda-Runtime-Invocation-Id"] != second.headers["Lambda-Runtime-Invocation-Id"])
    }

    @Test func nextWaitsUntilAnEventIsQueued() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let answered = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body: [UInt8]?
        DispatchQueue.global().async {
            body = try? next(server).body
            answered.signal()
        }

        #expect(server.waitForNextRequests(count: 1, timeout: .seconds(10)).count == 1)
        #expect(answered.wait(timeout: .now() + .milliseconds(200)) == .timedOut)
        server.enqueue(event: Data("late event".utf8))

        #expect(answered.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(body == Array("late event".utf8))
    }

    @Test func postedResponseIsRecordedAndAcceptedWith202() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = HTTPClient()
        let requestID = server.enqueue(event: Data("{}".utf8))
        let invocationID = try next(server, client: client).headers["Lambda-Runtime-Invocation-Id"]

        let answer = try client.execute(HTTPRequest(
            method: .post,
            url: url(server, "/invocation/\(requestID)/response"),
            headers: ["Lambda-Runtime-Invocation-Id": invocationID ?? ""],
            body: Array("done".utf8),
            timeout: .seconds(5)
        ))

        #expect(answer.status == 202)
        #expect(answer.body == Array(#"{"status":"OK"}"#.utf8))
        let outcome = try #require(server.waitForOutcome(requestID: requestID, timeout: .seconds(5)))
        #expect(outcome.response == Data("done".utf8))
        #expect(outcome.echoedInvocationID)
    }

    @Test func postedErrorIsRecordedWithItsTypeHeader() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = HTTPClient()
        let requestID = server.enqueue(event: Data("{}".utf8))
        _ = try next(server, client: client)

        _ = try client.execute(HTTPRequest(
            method: .post,
            url: url(server, "/invocation/\(requestID)/error"),
            headers: ["Lambda-Runtime-Function-Error-Type": "Mail.Bounced"],
            body: Array(#"{"errorMessage":"bounced","errorType":"Mail.Bounced"}"#.utf8),
            timeout: .seconds(5)
        ))

        let outcome = try #require(server.waitForOutcome(requestID: requestID, timeout: .seconds(5)))
        #expect(outcome.error == ReportedError(errorType: "Mail.Bounced", body: Data(#"{"errorMessage":"bounced","errorType":"Mail.Bounced"}"#.utf8)))
        #expect(!outcome.echoedInvocationID)
    }

    @Test func answerForARequestIDNotInFlightIsRefusedWith400() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }

        let answer = try HTTPClient().execute(HTTPRequest(method: .post, url: url(server, "/invocation/unknown/response"), body: Array("x".utf8), timeout: .seconds(5)))

        #expect(answer.status == 400)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("InvalidRequestID"))
    }

    @Test func injectedFaultAnswersOnceThenTheEndpointWorksAgain() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let client = HTTPClient()
        server.inject(.containerError, on: .next)
        server.enqueue(event: Data("kept".utf8))

        let failed = try next(server, client: client)
        let served = try next(server, client: client)

        #expect(failed.status == 500)
        #expect(served.body == Array("kept".utf8))
    }

    @Test func shutdownEndsAWaitingNext() throws {
        let server = try RuntimeAPIServer()
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<HTTPResponse, any Error>?
        DispatchQueue.global().async {
            result = Result { try next(server) }
            finished.signal()
        }
        #expect(server.waitForNextRequests(count: 1, timeout: .seconds(10)).count == 1)

        server.shutdown()

        #expect(finished.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(throws: HTTPClientError.self) { try result?.get() }
    }
}
