import Foundation
import RuntimeAPIServer
import Testing

/// The real loop, run by spawning EchoLambda against a Runtime API server on loopback.
@Suite struct RuntimeLoopTests {
    let timeout: Duration = .seconds(20)

    @Test func successfulInvocationPostsTheHandlersResponse() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data("hello, lambda".utf8))
        let outcome = try #require(server.waitForOutcome(requestID: requestID, timeout: timeout))

        #expect(outcome.response == Data("hello, lambda".utf8))
        #expect(outcome.headers["Content-Type"] == nil, "libcurl's default form content type must not label the response")
    }

    @Test func workAfterTheResponseRunsBeforeTheNextInvocationIsAskedFor() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }
        let gate = Gate()

        let event = Data(#"{"afterResponse":"\#(gate.path)"}"#.utf8)
        let requestID = server.enqueue(event: event)
        let outcome = try #require(server.waitForOutcome(requestID: requestID, timeout: timeout))
        // Answered, and still in the work after the answer: no second `/next` while it waits.
        let whileHeld = server.waitForNextRequests(count: 2, timeout: .milliseconds(500))
        try gate.open()
        let afterwards = server.waitForNextRequests(count: 2, timeout: timeout)

        #expect(outcome.response == event)
        #expect(outcome.nextRequestsBeforeAnswer == 1)
        #expect(whileHeld.count == 1)
        #expect(afterwards.count == 2)
        #expect(lambda.standardOutput.contains("after the response"))
    }

    @Test func thrownErrorIsPostedToErrorWithTypeHeaderAndJSONBody() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data(#"{"throw":"the handler gave up"}"#.utf8))
        let error = try #require(server.waitForOutcome(requestID: requestID, timeout: timeout)?.error)

        #expect(error.errorType == "EchoError")
        let body = try jsonObject(error.body)
        #expect(body["errorType"] as? String == "EchoError")
        #expect(body["errorMessage"] as? String == #"EchoError(message: "the handler gave up")"#)
        #expect((body["stackTrace"] as? [Any])?.isEmpty == true)
    }

    @Test func lambdaFunctionErrorChoosesItsTypeAndMessage() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data(#"{"throw":"no such recipient","errorType":"Echo.InvalidRecipient"}"#.utf8))
        let error = try #require(server.waitForOutcome(requestID: requestID, timeout: timeout)?.error)

        #expect(error.errorType == "Echo.InvalidRecipient")
        let body = try jsonObject(error.body)
        #expect(body["errorType"] as? String == "Echo.InvalidRecipient")
        #expect(body["errorMessage"] as? String == "no such recipient")
    }

    @Test func loopGoesOnAfterAHandlerError() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let failing = server.enqueue(event: Data(#"{"throw":"first"}"#.utf8))
        let succeeding = server.enqueue(event: Data("second".utf8))

        #expect(server.waitForOutcome(requestID: failing, timeout: timeout)?.error != nil)
        #expect(server.waitForOutcome(requestID: succeeding, timeout: timeout)?.response == Data("second".utf8))
    }

    @Test func initFailureIsPostedToInitErrorAndExitsNonZero() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint, environment: ["ECHO_FAIL_INIT": "1"])
        defer { lambda.stop() }

        let initError = try #require(server.waitForInitError(timeout: timeout))
        #expect(initError.errorType == "Echo.InitFailed")
        let body = try jsonObject(initError.body)
        #expect(body["errorType"] as? String == "Echo.InitFailed")
        #expect(body["errorMessage"] as? String == "ECHO_FAIL_INIT is set")
        #expect((body["stackTrace"] as? [Any])?.isEmpty == true)

        let status = try #require(lambda.waitForExit(timeout: timeout))
        #expect(status != 0)
        #expect(server.waitForNextRequests(count: 1, timeout: .zero).isEmpty)
    }

    @Test func missingRuntimeAPIVariableExitsNonZeroSayingWhy() throws {
        let lambda = try EchoLambdaProcess(runtimeAPI: nil)
        defer { lambda.stop() }

        let status = try #require(lambda.waitForExit(timeout: timeout))
        #expect(status != 0)
        #expect(lambda.standardOutput.contains("AWS_LAMBDA_RUNTIME_API is not set"))
    }

    @Test func invocationAndFunctionFactsReachTheHandlersContext() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint, environment: [
            "AWS_LAMBDA_FUNCTION_NAME": "notifier",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/notifier",
            "AWS_LAMBDA_LOG_STREAM_NAME": "2024/05/01/[$LATEST]0123456789abcdef",
            "AWS_REGION": "eu-west-1",
        ])
        defer { lambda.stop() }

        let deadlineMilliseconds = Int64(Date().timeIntervalSince1970 * 1000) + 90_000
        let options = InvocationOptions(
            requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            deadline: Date(timeIntervalSince1970: Double(deadlineMilliseconds) / 1000),
            invokedFunctionARN: "arn:aws:lambda:eu-west-1:123456789012:function:notifier:live",
            traceID: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            clientContext: #"{"client":{"app_title":"mail"}}"#,
            cognitoIdentity: #"{"cognitoIdentityId":"eu-west-1:abc"}"#,
            tenantID: "tenant-blue"
        )
        server.enqueue(event: Data(#"{"context":true}"#.utf8), options: options)
        let outcome = try #require(server.waitForOutcome(requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", timeout: timeout))
        let context = try jsonObject(outcome.response)

        #expect(context["requestID"] as? String == "8476a536-e9f4-11e8-9739-2dfe598c3fcd")
        #expect((context["deadlineMilliseconds"] as? NSNumber)?.int64Value == deadlineMilliseconds)
        let remaining = try #require((context["remainingMilliseconds"] as? NSNumber)?.int64Value)
        #expect(remaining > 0 && remaining <= 90_000)
        #expect(context["invokedFunctionARN"] as? String == options.invokedFunctionARN)
        #expect(context["traceID"] as? String == options.traceID)
        #expect(context["traceIDEnvironment"] as? String == options.traceID)
        #expect(context["clientContext"] as? String == options.clientContext)
        #expect(context["cognitoIdentity"] as? String == options.cognitoIdentity)
        #expect(context["tenantID"] as? String == "tenant-blue")
        #expect(context["invocationID"] as? String == outcome.invocationID)
        #expect(context["functionName"] as? String == "notifier")
        #expect(context["functionVersion"] as? String == "$LATEST")
        #expect(context["memoryLimitInMB"] as? Int == 256)
        #expect(context["logGroupName"] as? String == "/aws/lambda/notifier")
        #expect(context["logStreamName"] as? String == "2024/05/01/[$LATEST]0123456789abcdef")
        #expect(context["region"] as? String == "eu-west-1")
    }

    @Test func traceIDEnvironmentVariableIsRemovedForAnInvocationWithoutOne() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let traced = server.enqueue(event: Data(#"{"context":true}"#.utf8), options: InvocationOptions(traceID: "Root=1-00000000-000000000000000000000001"))
        let untraced = server.enqueue(event: Data(#"{"context":true}"#.utf8))

        let first = try #require(server.waitForOutcome(requestID: traced, timeout: timeout)?.response)
        let second = try #require(server.waitForOutcome(requestID: untraced, timeout: timeout)?.response)
        let tracedContext = try jsonObject(first)
        let untracedContext = try jsonObject(second)
        #expect(tracedContext["traceIDEnvironment"] as? String == "Root=1-00000000-000000000000000000000001")
        #expect(untracedContext["traceIDEnvironment"] == nil)
        #expect(untracedContext["traceID"] == nil)
    }

    @Test func fiveMegabyteEventAndResponseRoundTripByteExact() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let event = randomBytes(count: 5 * 1024 * 1024)
        let requestID = server.enqueue(event: event)
        let response = try #require(server.waitForOutcome(requestID: requestID, timeout: timeout)?.response)

        #expect(response.count == event.count)
        #expect(response == event)
    }

    @Test func invocationIDIsEchoedOnResponseAndError() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let succeeding = server.enqueue(event: Data("ok".utf8))
        let failing = server.enqueue(event: Data(#"{"throw":"no"}"#.utf8))
        let response = try #require(server.waitForOutcome(requestID: succeeding, timeout: timeout))
        let error = try #require(server.waitForOutcome(requestID: failing, timeout: timeout))

        #expect(response.echoedInvocationID)
        #expect(error.echoedInvocationID)
        #expect(response.invocationID != error.invocationID)
    }

    @Test func thousandInvocationsShareOneConnectionAndLeakNoFileDescriptors() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint)
        defer { lambda.stop() }

        let first = server.enqueue(event: Data("warm-up".utf8))
        #expect(server.waitForOutcome(requestID: first, timeout: timeout) != nil)
        // Counted while the runtime waits in its second /next: the same state as after the last invocation.
        #expect(server.waitForNextRequests(count: 2, timeout: timeout).count == 2)
        let descriptorsBefore = try lambda.openFileDescriptorCount()

        let requestIDs = (1...1000).map { server.enqueue(event: Data("event \($0)".utf8)) }
        for (index, requestID) in requestIDs.enumerated() {
            let response = server.waitForOutcome(requestID: requestID, timeout: timeout)?.response
            try #require(response == Data("event \(index + 1)".utf8))
        }
        #expect(server.waitForNextRequests(count: 1002, timeout: timeout).count == 1002)

        #expect(try lambda.openFileDescriptorCount() == descriptorsBefore)
        #expect(server.acceptedConnectionCount == 1)
    }
}
