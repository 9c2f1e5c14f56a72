import CurlHTTP
import Foundation
import LoopbackHTTP
import Testing
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit
import TestSupport

/// How `SESClient` retries, against a `FaultInjectingSESEndpoint` that plays SES's failures.
@Suite struct SESClientRetryTests {
    /// Short delays so the tests run quickly; the shape of the policy is what is tested.
    static let quickPolicy = RetryPolicy(maximumAttempts: 10, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(40))

    static let message = SendEmailRequest(
        rawMessage: Array("From: sender@example.com\r\nTo: ops@example.org\r\nSubject: hi\r\n\r\nbody\r\n".utf8),
        fromEmailAddress: "sender@example.com",
        toAddresses: ["ops@example.org"]
    )

    @Test func throttlingIsRetriedUntilSESAccepts() throws {
        let server = try FaultInjectingSESEndpoint { $0.attempt <= 2 ? .throttle : .accept }
        let messageID = try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(Self.message, deadline: .now + .seconds(10))
        #expect([messageID] == server.accepted.map(\.messageID))
        #expect(server.exchanges.count == 3)
    }

    @Test func everyRetryIsSignedAfresh() throws {
        // The first answer takes over a second, so the retry is signed in a later second.
        let server = try FaultInjectingSESEndpoint { $0.attempt == 1 ? .delayed(.milliseconds(1100), .serviceUnavailable) : .accept }

        _ = try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(Self.message, deadline: .now + .seconds(10))

        let dates = server.exchanges.compactMap { $0.headers["X-Amz-Date"] }
        let authorizations = server.exchanges.compactMap { $0.headers["Authorization"] }
        #expect(dates.count == 2 && dates[0] < dates[1])
        #expect(Set(authorizations).count == 2)
    }

    @Test func serverErrorsAreRetriedUntilTheDeadline() throws {
        let server = try FaultInjectingSESEndpoint { _ in .serviceUnavailable }
        let policy = RetryPolicy(maximumAttempts: 1000, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(40))
        let deadline = ContinuousClock.now + .milliseconds(400)

        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: policy).sendEmail(Self.message, deadline: deadline)
        }
        // The margin is for a loaded machine (CI, sanitizers); without the deadline the 1,000
        // attempts would take some 20 s.
        #expect(ContinuousClock.now < deadline + .seconds(1))
        #expect(error.isRetryable)
        #expect(error.attempts > 2)
        #expect(server.exchanges.count > 2)
    }

    @Test func retryIsNotStartedWhenTheDeadlineWouldCutItShort() throws {
        let server = try FaultInjectingSESEndpoint { _ in .delayed(.seconds(1), .serviceUnavailable) }
        let policy = RetryPolicy(maximumAttempts: 10, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(1))

        // Attempts take a second: the second fits before the deadline, with 400 ms to spare for a
        // loaded machine; a third would not.
        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: policy).sendEmail(Self.message, deadline: .now + .milliseconds(2800))
        }
        #expect(error.code == "ServiceUnavailable")
        #expect(error.attempts == 2)
        #expect(server.exchanges.count == 2)
    }

    @Test func aSlowAnswerIsCutOffAtTheDeadline() throws {
        let server = try FaultInjectingSESEndpoint { _ in .acceptSlowly(.seconds(5)) }
        let deadline = ContinuousClock.now + .milliseconds(300)

        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(Self.message, deadline: deadline)
        }
        // The margin is for a loaded machine (CI, sanitizers); the answer would take 5 s.
        #expect(ContinuousClock.now < deadline + .seconds(1))
        #expect(error.transportError?.kind == .timedOut)
        #expect(error.isRetryable)
    }

    @Test func retriesStopAtTheMaximumAttempts() throws {
        let server = try FaultInjectingSESEndpoint { _ in .throttle }
        let policy = RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5))

        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: policy).sendEmail(Self.message, deadline: .now + .seconds(10))
        }
        #expect(error.code == "TooManyRequestsException")
        #expect(error.attempts == 3)
        #expect(server.exchanges.count == 3)
    }

    @Test(arguments: [FaultInjectingSESEndpoint.Answer.reset, .close])
    func connectionBrokenAfterTheRequestWentOutIsNotRetried(broken: FaultInjectingSESEndpoint.Answer) throws {
        // SES may have accepted the message before the connection broke; a retry could send it twice.
        let server = try FaultInjectingSESEndpoint { $0.attempt == 1 ? broken : .accept }
        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(Self.message, deadline: .now + .seconds(10))
        }
        #expect(error.transportError?.kind == .connectionLost)
        #expect(error.mayHaveBeenSent)
        #expect(error.isRetryable)
        #expect(server.exchanges.count == 1)
    }

    @Test func timedOutAttemptIsNotRetriedEvenWithTimeLeft() throws {
        let server = try FaultInjectingSESEndpoint { $0.attempt == 1 ? .acceptSlowly(.seconds(2)) : .accept }
        let policy = RetryPolicy(maximumAttempts: 10, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(40), attemptTimeout: .milliseconds(200))

        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: policy).sendEmail(Self.message, deadline: .now + .seconds(10))
        }
        #expect(error.transportError?.kind == .timedOut)
        #expect(error.mayHaveBeenSent)
        #expect(server.exchanges.count == 1)
    }

    @Test func refusedConnectionIsRetryableAndGivenUpAtTheDeadline() throws {
        let closedPort = try FaultInjectingSESEndpoint { _ in .accept }.endpoint
        let client = SESClient(
            configuration: AWSClientConfiguration(
                service: .sesV2, region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
                endpoint: closedPort, retryPolicy: Self.quickPolicy))
        let error = try #require(throws: AWSServiceError.self) {
            try client.sendEmail(Self.message, deadline: .now + .milliseconds(200))
        }
        #expect(error.transportError?.kind == .couldNotConnect)
        #expect(error.isRetryable)
    }

    /// A TLS handshake that never completes: the kernel accepts the connection into the backlog,
    /// nobody answers the ClientHello, and the attempt times out before a byte of the request is
    /// written. SES never saw it, so it is retried and never reported as possibly sent.
    @Test func timeoutBeforeTheRequestWasWrittenIsRetriedAndNotPossiblySent() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 8) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        try #require(listening)
        let policy = RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(2), attemptTimeout: .milliseconds(150))
        let client = SESClient(
            configuration: AWSClientConfiguration(
                service: .sesV2, region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
                endpoint: "https://127.0.0.1:\(UInt16(bigEndian: address.sin_port))", retryPolicy: policy))
        let error = try #require(throws: AWSServiceError.self) {
            try client.sendEmail(Self.message, deadline: .now + .seconds(5))
        }
        #expect(error.transportError?.kind == .couldNotConnect)
        #expect(error.isRetryable)
        #expect(!error.mayHaveBeenSent)
        #expect(error.attempts == 3)
    }

    @Test(arguments: [
        (400, "MessageRejected"), (400, "MailFromDomainNotVerifiedException"), (400, "AccountSuspendedException"),
        (400, "SendingPausedException"), (400, "BadRequestException"), (404, "NotFoundException"),
        (403, "SignatureDoesNotMatch"), (403, "InvalidClientTokenId"), (403, "ExpiredToken"), (400, "UnrecognizedClientException"),
    ])
    func rejectionsAndAuthenticationFailuresAreNotRetried(status: Int, code: String) throws {
        let server = try FaultInjectingSESEndpoint { _ in .error(status: status, code: code, message: "refused") }
        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(Self.message, deadline: .now + .seconds(10))
        }
        #expect(error.code == code)
        #expect(error.serviceResponse?.message == "refused")
        #expect(!error.isRetryable)
        #expect(server.exchanges.count == 1)
    }

    @Test(arguments: [(400, "LimitExceededException"), (400, "Throttling"), (500, "InternalFailure"), (502, "BadGateway"), (504, "GatewayTimeout")])
    func throttlingAndServerFailuresAreRetryable(status: Int, code: String) throws {
        let server = try FaultInjectingSESEndpoint { $0.attempt == 1 ? .error(status: status, code: code, message: "try later") : .accept }
        let messageID = try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(Self.message, deadline: .now + .seconds(10))
        #expect([messageID] == server.accepted.map(\.messageID))
        #expect(server.exchanges.count == 2)
    }

    @Test func passedDeadlineSendsNothing() throws {
        let server = try FaultInjectingSESEndpoint { _ in .accept }
        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(Self.message, deadline: .now - .seconds(1))
        }
        #expect(error.reason == .deadlinePassed)
        #expect(error.isRetryable)
        #expect(server.exchanges.isEmpty)
    }

    @Test func tooManyRecipientsAreRefusedWithoutARequest() throws {
        let server = try FaultInjectingSESEndpoint { _ in .accept }
        var message = Self.message
        message.toAddresses = (1...30).map { "to\($0)@example.org" }
        message.ccAddresses = (1...20).map { "cc\($0)@example.org" }
        message.bccAddresses = ["bcc@example.org"]

        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(message, deadline: .now + .seconds(10))
        }
        #expect(error.reason == .refusedBeforeSending(code: "TooManyRecipients", problem: "message has 51 recipients, SES allows 50"))
        #expect(error.attempts == 0)
        #expect(!error.isRetryable)
        #expect(server.exchanges.isEmpty)
    }

    @Test func fiftyRecipientsAreSent() throws {
        let server = try FaultInjectingSESEndpoint { _ in .accept }
        var message = Self.message
        message.toAddresses = (1...49).map { "to\($0)@example.org" }
        message.bccAddresses = ["bcc@example.org"]
        let messageID = try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(message, deadline: .now + .seconds(10))
        #expect([messageID] == server.accepted.map(\.messageID))
    }

    @Test func messageOverFortyMegabytesIsRefusedWithoutARequest() throws {
        let server = try FaultInjectingSESEndpoint { _ in .accept }
        var message = Self.message
        message.rawMessage = [UInt8](repeating: 0, count: SendEmailRequest.maximumMessageSize + 1)

        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(message, deadline: .now + .seconds(10))
        }
        #expect(error.reason == .refusedBeforeSending(
            code: "MessageTooLarge",
            problem: "message is \(SendEmailRequest.maximumMessageSize + 1) bytes, SES allows \(SendEmailRequest.maximumMessageSize)"))
        #expect(server.exchanges.isEmpty)
    }

    @Test func messageOfExactlyFortyMegabytesIsSent() throws {
        let server = try FaultInjectingSESEndpoint { _ in .accept }
        var message = Self.message
        message.rawMessage = [UInt8](repeating: 0, count: SendEmailRequest.maximumMessageSize)
        let messageID = try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(message, deadline: .now + .seconds(30))
        #expect([messageID] == server.accepted.map(\.messageID))
        #expect(server.exchanges.count == 1)
    }

    @Test func acceptedAnswerWithoutMessageIDIsNotRetried() throws {
        let server = try FaultInjectingSESEndpoint { _ in .acceptWithoutMessageID }
        let error = try #require(throws: AWSServiceError.self) {
            try server.sesClient(retryPolicy: Self.quickPolicy).sendEmail(Self.message, deadline: .now + .seconds(10))
        }
        #expect(error.reason == .unexpectedResponse(status: 200, problem: "no MessageId in the answer: {}"))
        #expect(error.mayHaveBeenSent)
        #expect(!error.isRetryable)
        #expect(server.exchanges.count == 1)
    }
}

extension FaultInjectingSESEndpoint {
    /// An SES client for this endpoint.
    func sesClient(retryPolicy: RetryPolicy) -> SESClient {
        SESClient(configuration: AWSClientConfiguration(
            service: .sesV2, region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
            endpoint: endpoint, retryPolicy: retryPolicy))
    }
}

extension AWSServiceError {
    var transportError: HTTPClientError? {
        if case .transport(let error) = reason { error } else { nil }
    }
}
