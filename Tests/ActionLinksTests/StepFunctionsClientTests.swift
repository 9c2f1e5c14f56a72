import AWSCore
import StepFunctions
import Testing
import TestSupport

/// The Step Functions client against the fake endpoint, every request checked by botocore.
@Suite struct StepFunctionsClientTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDSTEPFUNCTIONS", secretAccessKey: "step-functions-secret", sessionToken: "session/token+value=")

    func client(_ fake: FakeStepFunctionsEndpoint, credentials: AWSCredentials = credentials) -> StepFunctionsClient {
        StepFunctionsClient(configuration: AWSClientConfiguration(service: .stepFunctions, region: fake.region, credentials: credentials, endpoint: fake.endpoint))
    }

    var deadline: ContinuousClock.Instant { .now + .seconds(30) }

    @Test func sendTaskSuccessCompletesTheTaskWithItsOutput() throws {
        let fake = try FakeStepFunctionsEndpoint(credentials: Self.credentials, region: "eu-west-1")
        let token = fake.issueTaskToken()
        try client(fake).send(.success(output: #"{"approved":true}"#), taskToken: token, deadline: deadline)
        #expect(fake.task(token) == .succeeded(output: #"{"approved":true}"#))
        #expect(fake.calls.map(\.operation) == ["SendTaskSuccess"])
        #expect(fake.calls.allSatisfy { $0.problems.isEmpty }, "\(fake.calls.map(\.problems))")
    }

    @Test func sendTaskFailureFailsTheTaskWithErrorAndCause() throws {
        let fake = try FakeStepFunctionsEndpoint(credentials: Self.credentials, region: "eu-west-1")
        let token = fake.issueTaskToken()
        try client(fake).send(.failure(error: "Rejected", cause: "Not this week ✋"), taskToken: token, deadline: deadline)
        #expect(fake.task(token) == .failed(error: "Rejected", cause: "Not this week ✋"))
        #expect(fake.calls.allSatisfy { $0.problems.isEmpty }, "\(fake.calls.map(\.problems))")
    }

    @Test func heartbeatKeepsTheTaskWaiting() throws {
        let fake = try FakeStepFunctionsEndpoint(credentials: Self.credentials, region: "eu-west-1")
        let token = fake.issueTaskToken()
        try client(fake).send(.heartbeat, taskToken: token, deadline: deadline)
        #expect(fake.task(token) == .waiting(heartbeats: 1))
        #expect(fake.calls.allSatisfy { $0.problems.isEmpty }, "\(fake.calls.map(\.problems))")
    }

    @Test func aClosedOrUnknownTaskIsAnsweredWithStepFunctionsCodes() throws {
        let fake = try FakeStepFunctionsEndpoint(credentials: Self.credentials, region: "eu-west-1")
        let client = client(fake)
        let answered = fake.issueTaskToken()
        try client.send(.success(output: "{}"), taskToken: answered, deadline: deadline)
        let timedOut = fake.issueTaskToken()
        fake.timeOut(timedOut)
        for (token, code) in [(answered, "TaskTimedOut"), (timedOut, "TaskTimedOut"), ("AQCunknown", "TaskDoesNotExist"), ("garbage", "InvalidToken")] {
            let error = #expect(throws: AWSServiceError.self) { try client.send(.success(output: "{}"), taskToken: token, deadline: deadline) }
            #expect(error?.code == code)
            #expect(error.map { TaskAnswer.closedTaskCodes.contains($0.code) } == true)
            #expect(error?.isRetryable == false)
        }
        #expect(fake.task(answered) == .succeeded(output: "{}"))
    }

    @Test func theOracleRefusesAWrongSignature() throws {
        let fake = try FakeStepFunctionsEndpoint(credentials: Self.credentials, region: "eu-west-1")
        let token = fake.issueTaskToken()
        let wrong = AWSCredentials(accessKeyID: Self.credentials.accessKeyID, secretAccessKey: "not-the-secret", sessionToken: Self.credentials.sessionToken)
        let error = #expect(throws: AWSServiceError.self) { try client(fake, credentials: wrong).send(.heartbeat, taskToken: token, deadline: deadline) }
        #expect(error?.code == "InvalidSignatureException")
        #expect(fake.task(token) == .waiting(heartbeats: 0))
        #expect(fake.calls.first?.problems.first?.hasPrefix("signature mismatch") == true)
    }

    @Test func theOracleRefusesAnErrorLongerThanTheModelAllows() throws {
        let fake = try FakeStepFunctionsEndpoint(credentials: Self.credentials, region: "eu-west-1")
        let token = fake.issueTaskToken()
        let error = #expect(throws: AWSServiceError.self) {
            try client(fake).send(.failure(error: String(repeating: "E", count: 257), cause: nil), taskToken: token, deadline: deadline)
        }
        #expect(error?.code == "ValidationException")
        #expect(fake.calls.first?.problems.contains { $0.contains("input.error is 257 characters") } == true)
    }
}
