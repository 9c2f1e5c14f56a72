import Foundation
import RuntimeAPIServer
import Testing

/// The loop as Lambda Managed Instances run it: `AWS_LAMBDA_MAX_CONCURRENCY` workers, each with
/// its own `/next` long poll, run by spawning EchoLambda against the loopback Runtime API. Overlap
/// is proven from the instants the server records, never from how long anything took: held
/// invocations wait for a gate file the test creates.
@Suite struct ConcurrentRuntimeTests {
    let timeout: Duration = .seconds(30)

    @Test func eightWorkersHaveEightInvocationsInTheHandlerAtOnceEachWithItsOwnAnswerAndIDs() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let gate = Gate()
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint, environment: [
            "AWS_LAMBDA_MAX_CONCURRENCY": "8", "AWS_LAMBDA_LOG_FORMAT": "JSON",
        ])
        defer { lambda.stop() }
        #expect(server.waitForNextRequests(count: 8, timeout: timeout).count == 8)

        // Long enough that a line written in more than one piece would show if another came between.
        let padding = String(repeating: "x", count: 8 * 1024)
        let invocations = (1...8).map { index in
            let traceID = "Root=1-00000000-00000000000000000000000\(index);Sampled=1"
            let event = #"{"hold":"\#(gate.path)","log":"invocation \#(index) \#(padding)","context":true}"#
            let requestID = server.enqueue(event: Data(event.utf8), options: InvocationOptions(traceID: traceID))
            return (requestID: requestID, traceID: traceID, message: "invocation \(index) \(padding)")
        }
        // A loop serving one invocation at a time would take the second only after answering the first.
        try #require(server.waitForDeliveries(count: 8, timeout: timeout), "eight invocations were not taken at once")
        try gate.open()

        let outcomes = try invocations.map { try #require(server.waitForOutcome(requestID: $0.requestID, timeout: timeout)) }
        let lastDelivery = try #require(outcomes.map(\.deliveredAt).max())
        let firstAnswer = try #require(outcomes.map(\.answeredAt).min())
        #expect(lastDelivery < firstAnswer, "all eight were delivered before any was answered")

        for (invocation, outcome) in zip(invocations, outcomes) {
            #expect(outcome.echoedInvocationID)
            let context = try jsonObject(outcome.response)
            #expect(context["requestID"] as? String == invocation.requestID)
            #expect(context["traceID"] as? String == invocation.traceID)
            #expect(context["invocationID"] as? String == outcome.invocationID)
            #expect(context["traceIDEnvironment"] == nil, "_X_AMZN_TRACE_ID is process-wide and must stay unset with several workers")
        }

        let lines = lambda.standardOutput.split(separator: "\n")
        let objects = try lines.map { try jsonObject(Data($0.utf8)) }
        for invocation in invocations {
            let own = objects.filter { $0["message"] as? String == invocation.message }
            #expect(own.count == 4, "INFO, WARN, ERROR and FATAL, each one whole line")
            for object in own {
                #expect(object["requestId"] as? String == invocation.requestID)
                #expect(object["traceId"] as? String == invocation.traceID)
            }
        }
    }

    @Test func anInvocationRunningPastItsDeadlineHoldsUpOnlyItsOwnWorker() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let overrunGate = Gate()
        let laterGate = Gate()
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint, environment: [
            "AWS_LAMBDA_MAX_CONCURRENCY": "2", "AWS_LAMBDA_LOG_FORMAT": "JSON",
        ])
        defer { lambda.stop() }
        #expect(server.waitForNextRequests(count: 2, timeout: timeout).count == 2)

        let deadline = Date.now.addingTimeInterval(1)
        let overrunning = server.enqueue(
            event: Data(#"{"hold":"\#(overrunGate.path)"}"#.utf8),
            options: InvocationOptions(deadline: deadline)
        )
        try #require(server.waitForDeliveries(count: 1, timeout: timeout))
        // The other worker serves these while the first is stuck.
        let others = (1...5).map { server.enqueue(event: Data("on time \($0)".utf8)) }
        for (index, requestID) in others.enumerated() {
            #expect(server.waitForOutcome(requestID: requestID, timeout: timeout)?.response == Data("on time \(index + 1)".utf8))
        }
        #expect(server.waitForOutcome(requestID: overrunning, timeout: .zero) == nil)

        while Date.now <= deadline {
            usleep(10_000)
        }
        try overrunGate.open()
        let late = try #require(server.waitForLateAnswer(requestID: overrunning, timeout: timeout), "the late answer was never posted")
        #expect(late.echoedInvocationID)

        // Both workers are free again: two held invocations are taken at once.
        let held = (1...2).map { _ in server.enqueue(event: Data(#"{"hold":"\#(laterGate.path)"}"#.utf8)) }
        try #require(server.waitForDeliveries(count: 1 + others.count + 2, timeout: timeout), "the worker of the late invocation did not return to /next")
        try laterGate.open()
        for requestID in held {
            #expect(server.waitForOutcome(requestID: requestID, timeout: timeout)?.response != nil)
        }
        #expect(lambda.waitForExit(timeout: .zero) == nil)
        let refusal = lambda.standardOutput.split(separator: "\n").first { $0.contains("did not accept the response") }
        #expect(refusal?.contains("HTTP 410") == true)
        #expect(refusal?.contains(overrunning) == true, "logged with the late invocation's request id")
    }

    @Test func textLogFormatIsReplacedByJSONWithAWarningSayingWhy() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint, environment: ["AWS_LAMBDA_MAX_CONCURRENCY": "2"])
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data(#"{"log":"sent"}"#.utf8))
        #expect(server.waitForOutcome(requestID: requestID, timeout: timeout)?.response == Data("logged".utf8))

        let objects = try lambda.standardOutput.split(separator: "\n").map { try jsonObject(Data($0.utf8)) }
        #expect(objects.first?["level"] as? String == "WARN")
        #expect((objects.first?["message"] as? String)?.contains("AWS_LAMBDA_LOG_FORMAT is not JSON") == true)
        #expect(objects.dropFirst().map { $0["message"] as? String } == ["sent", "sent", "sent", "sent"])
    }

    @Test func oneWorkerStillExportsTheTraceIDEnvironmentVariable() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint, environment: ["AWS_LAMBDA_MAX_CONCURRENCY": "1"])
        defer { lambda.stop() }

        let traceID = "Root=1-00000000-000000000000000000000009"
        let requestID = server.enqueue(event: Data(#"{"context":true}"#.utf8), options: InvocationOptions(traceID: traceID))
        let context = try jsonObject(server.waitForOutcome(requestID: requestID, timeout: timeout)?.response)
        #expect(context["traceIDEnvironment"] as? String == traceID)
    }

    @Test func initFailureWithSeveralWorkersIsReportedOnceBeforeAnyAsksForAnInvocation() throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint, environment: [
            "AWS_LAMBDA_MAX_CONCURRENCY": "4", "ECHO_FAIL_INIT": "1",
        ])
        defer { lambda.stop() }

        #expect(server.waitForInitError(timeout: timeout)?.errorType == "Echo.InitFailed")
        let status = try #require(lambda.waitForExit(timeout: timeout))
        #expect(status != 0)
        #expect(server.waitForNextRequests(count: 1, timeout: .zero).isEmpty)
        #expect(lambda.standardOutput.split(separator: "\n").filter { $0.contains("Initialisation failed") }.count == 1)
    }

    @Test(arguments: ["0", "-3", "many", "1601"])
    func maxConcurrencyOutsideLambdasRangeServesOneInvocationAtATimeAndSaysSo(value: String) throws {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint, environment: ["AWS_LAMBDA_MAX_CONCURRENCY": value])
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data("still served".utf8))
        #expect(server.waitForOutcome(requestID: requestID, timeout: timeout)?.response == Data("still served".utf8))
        #expect(server.acceptedConnectionCount == 1)
        #expect(lambda.standardOutput.contains("AWS_LAMBDA_MAX_CONCURRENCY is not a number from 1 to 1600"))
    }
}
