import CurlHTTP
import Foundation
import LoopbackHTTP
import Testing
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

/// How `S3Client` retries and what it refuses, against a `ScriptedS3Endpoint` that plays S3's
/// failures.
@Suite struct S3ClientRetryTests {
    /// Short delays so the tests run quickly; the shape of the policy is what is tested.
    static let quickPolicy = RetryPolicy(maximumAttempts: 10, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(40))

    static let bucket = "notifier-templates"
    static let key = "templates/order-received/subject.mustache"
    static let internalError = HTTPServerResponse.s3Error(status: 500, code: "InternalError", message: "We encountered an internal error. Please try again.")
    static let slowDown = HTTPServerResponse.s3Error(status: 503, code: "SlowDown", message: "Please reduce your request rate.")

    @Test func internalErrorsAndSlowDownAreRetriedUntilS3Answers() throws {
        let server = try ScriptedS3Endpoint(script: [Self.internalError, Self.slowDown], then: .s3Object("Order {{id}} received"))

        let result = try server.s3Client(retryPolicy: Self.quickPolicy).getObject(bucket: Self.bucket, key: Self.key, deadline: .now + .seconds(10))

        #expect(try #require(result.object).body == Array("Order {{id}} received".utf8))
        #expect(server.requests.count == 3)
    }

    @Test func everyRetryIsSignedAfresh() throws {
        // The first answer takes over a second, so the retry is signed in a later second.
        var slowFailure = Self.internalError
        slowFailure.delay = .milliseconds(1100)
        let server = try ScriptedS3Endpoint(script: [slowFailure], then: .s3Object("body"))

        _ = try server.s3Client(retryPolicy: Self.quickPolicy).getObject(bucket: Self.bucket, key: Self.key, deadline: .now + .seconds(10))

        let dates = server.requests.compactMap { $0.headers["X-Amz-Date"] }
        let authorizations = server.requests.compactMap { $0.headers["Authorization"] }
        #expect(dates.count == 2 && dates[0] < dates[1])
        #expect(Set(authorizations).count == 2)
    }

    @Test func brokenConnectionsAreRetried() throws {
        let server = try ScriptedS3Endpoint(script: [.reset(), .close()], then: .s3Object("after reset"))

        let result = try server.s3Client(retryPolicy: Self.quickPolicy).getObject(bucket: Self.bucket, key: Self.key, deadline: .now + .seconds(10))

        #expect(try #require(result.object).body == Array("after reset".utf8))
        #expect(server.requests.count == 3)
    }

    @Test func serverErrorsAreRetriedUntilTheDeadline() throws {
        let server = try ScriptedS3Endpoint(script: [], then: Self.slowDown)
        let policy = RetryPolicy(maximumAttempts: 1000, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(40))
        let deadline = ContinuousClock.now + .milliseconds(400)

        let error = try #require(throws: AWSServiceError.self) {
            try server.s3Client(retryPolicy: policy).getObject(bucket: Self.bucket, key: Self.key, deadline: deadline)
        }
        // The margin is for a loaded machine (CI, sanitizers); without the deadline the 1,000
        // attempts would take some 20 s.
        #expect(ContinuousClock.now < deadline + .seconds(1))
        #expect(error.isRetryable)
        #expect(error.attempts > 2)
        // The last attempt normally ends in S3's answer. On a loaded machine it can take longer
        // than the one before and be cut at the deadline, possibly before reaching the server.
        if case .transport(let transport) = error.reason {
            #expect(transport.kind == .timedOut)
            #expect(server.requests.count >= error.attempts - 1)
        } else {
            #expect(error.code == "SlowDown")
            #expect(server.requests.count == error.attempts)
        }
    }

    @Test func retriesStopAtTheMaximumAttempts() throws {
        let server = try ScriptedS3Endpoint(script: [], then: Self.internalError)
        let policy = RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5))

        let error = try #require(throws: AWSServiceError.self) {
            try server.s3Client(retryPolicy: policy).getObject(bucket: Self.bucket, key: Self.key, deadline: .now + .seconds(10))
        }
        #expect(error.code == "InternalError")
        #expect(error.serviceResponse?.message == "We encountered an internal error. Please try again.")
        #expect(error.attempts == 3)
        #expect(server.requests.count == 3)
    }

    @Test func deadlineAlreadyPassedSendsNothing() throws {
        let server = try ScriptedS3Endpoint(script: [], then: .s3Object("unused"))

        let error = try #require(throws: AWSServiceError.self) {
            try server.s3Client(retryPolicy: Self.quickPolicy).getObject(bucket: Self.bucket, key: Self.key, deadline: .now)
        }
        #expect(error.reason == .deadlinePassed)
        #expect(error.attempts == 0)
        #expect(server.requests.isEmpty)
    }

    @Test(arguments: [
        (404, "NoSuchKey"), (404, "NoSuchBucket"), (403, "AccessDenied"), (403, "SignatureDoesNotMatch"),
        (403, "InvalidAccessKeyId"), (400, "ExpiredToken"), (301, "PermanentRedirect"),
    ])
    func missingObjectsAndRefusalsAreNotRetried(status: Int, code: String) throws {
        let server = try ScriptedS3Endpoint(script: [], then: .s3Error(status: status, code: code, message: "refused"))

        let error = try #require(throws: AWSServiceError.self) {
            try server.s3Client(retryPolicy: Self.quickPolicy).getObject(bucket: Self.bucket, key: Self.key, deadline: .now + .seconds(10))
        }
        #expect(error.code == code)
        #expect(error.serviceResponse?.status == status)
        #expect(error.serviceResponse?.message == "refused")
        #expect(error.serviceResponse?.requestID == "failed-request")
        #expect(!error.isRetryable)
        #expect(server.requests.count == 1)
    }

    @Test func bodyOfUnknownLengthIsCutOffAtTheSizeLimit() throws {
        let server = try ScriptedS3Endpoint(script: [], then: .s3ChunkedObject(size: 200_000))
        let client = server.s3Client(retryPolicy: Self.quickPolicy)

        let error = try #require(throws: AWSServiceError.self) {
            try client.getObject(bucket: Self.bucket, key: Self.key, maximumSize: 10_000, deadline: .now + .seconds(10))
        }
        let whole = try client.getObject(bucket: Self.bucket, key: Self.key, maximumSize: 200_000, deadline: .now + .seconds(10))

        #expect(error.reason == .responseTooLarge(maximumSize: 10_000))
        #expect(error.attempts == 1)
        #expect(try #require(whole.object).body.count == 200_000)
    }

    @Test func successWithoutAnETagIsAnUnexpectedResponse() throws {
        let server = try ScriptedS3Endpoint(script: [], then: HTTPServerResponse(status: 200, body: Data("no etag".utf8)))

        let error = try #require(throws: AWSServiceError.self) {
            try server.s3Client(retryPolicy: Self.quickPolicy).getObject(bucket: Self.bucket, key: Self.key, deadline: .now + .seconds(10))
        }
        #expect(error.reason == .unexpectedResponse(status: 200, problem: "no ETag"))
        #expect(!error.isRetryable)
    }
}
