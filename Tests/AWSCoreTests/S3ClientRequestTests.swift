import TestSupport
import CurlHTTP
import Foundation
import Testing
import WallClock
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

/// The `GetObject` requests `S3Client` builds: addressed, encoded and signed exactly as botocore's
/// S3 client does it (`Tests/Oracles/s3_get_object.py`), sent unchanged, and refused before sending
/// when they cannot be expressed.
@Suite struct S3ClientRequestTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let sessionCredentials = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "FQoGZXIvYXdzE+/token=")
    /// 2015-08-30T12:36:00Z, the date of AWS's SigV4 test suite.
    static let signedAt = WallClockTime(millisecondsSince1970: 1_440_938_160_000)

    /// Keys whose bytes need every kind of treatment: unreserved, encoded once, kept as `/`.
    static let keys = [
        "templates/order-received/subject.mustache",
        "templates/ü n/x+y.mustache",
        "日本/😀 order.txt",
        "100% off=yes&no?#fragment",
        "!$'()*,;:@[]\"<>\\^`{|}",
        "/leading//double/slash/",
        "~tilde-dot._underscore",
    ]

    static let requests: [(bucket: String, key: String, ifNoneMatch: String?)] =
        keys.map { ("notifier-templates", $0, nil) } + [
            ("notifier-templates", "templates/order-received/subject.mustache", #""0655b5b8fc866ae06ba7eda7c37dffde""#),
            ("my.dotted.bucket", "templates/a b.txt", nil),
            ("Legacy_Bucket", "templates/a+b.txt", nil),
        ]

    @Test(arguments: [
        (region: "eu-west-1", endpoint: String?.none, credentials: credentials),
        (region: "cn-north-1", endpoint: String?.none, credentials: sessionCredentials),
        (region: "us-east-1", endpoint: String?.some("http://127.0.0.1:4566"), credentials: sessionCredentials),
    ])
    func requestsAreAddressedEncodedAndSignedAsBotocoreDoes(region: String, endpoint: String?, credentials: AWSCredentials) throws {
        let botocore = try PythonOracle.decode(BotocoreRequests.self, from: "s3_get_object.py", input: Array(JSONEncoder().encode(OracleInput(
            region: region,
            endpoint: endpoint,
            accessKeyID: credentials.accessKeyID,
            secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken,
            unixTime: Int(Self.signedAt.secondsSince1970),
            requests: Self.requests.map { OracleInput.Request(bucket: $0.bucket, key: $0.key, ifNoneMatch: $0.ifNoneMatch) }
        ))))
        let client = S3Client(configuration: AWSClientConfiguration(service: .s3, region: region, credentials: credentials, endpoint: endpoint))
        let signer = SigV4Signer(credentials: credentials, region: region, service: "s3")
        #expect(botocore.requests.count == Self.requests.count)

        for (wanted, expected) in zip(Self.requests, botocore.requests) {
            let label = Comment(rawValue: "s3://\(wanted.bucket)/\(wanted.key) in \(region) at \(endpoint ?? "AWS")")
            var request = try client.getObjectRequest(
                bucket: wanted.bucket, key: wanted.key, ifNoneMatch: wanted.ifNoneMatch, maximumSize: S3Client.defaultMaximumObjectSize
            ).http
            // AWSClient signs each attempt at the time it is sent; here, as botocore did, at a fixed date.
            _ = try signer.sign(&request, at: Self.signedAt)
            #expect(request.url == expected.url, label)
            #expect(request.method == .get, label)
            #expect(request.body.isEmpty, label)
            for (name, value) in expected.headers {
                #expect(request.headers[name] == value, "\(label); botocore signed:\n\(expected.canonicalRequest)")
            }
        }
    }

    @Test func keyGoesOnTheWireEncodedExactlyOnce() throws {
        let server = try ScriptedS3Endpoint(script: [], then: .s3Object("x"))

        _ = try server.s3Client(retryPolicy: RetryPolicy()).getObject(bucket: "notifier-templates", key: "templates/ü n/x+y.mustache", deadline: .now + .seconds(10))

        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/notifier-templates/templates/%C3%BC%20n/x%2By.mustache")
        #expect(request.query == nil)
    }

    @Test func emptyPayloadHashAndSessionTokenAreSentAndSigned() throws {
        let server = try ScriptedS3Endpoint(script: [], then: .s3Object("x"))

        _ = try server.s3Client(retryPolicy: RetryPolicy(), credentials: Self.sessionCredentials)
            .getObject(bucket: "notifier-templates", key: "k", deadline: .now + .seconds(10))

        let request = try #require(server.requests.first)
        // SHA-256 of no bytes.
        #expect(request.headers["x-amz-content-sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(request.headers["X-Amz-Security-Token"] == Self.sessionCredentials.sessionToken)
        let authorization = try #require(request.headers["Authorization"])
        #expect(authorization.contains("/s3/aws4_request"))
        #expect(authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"))
    }

    @Test(arguments: [
        ("notifier-templates", "", "the key is empty"),
        ("notifier-templates", String(repeating: "k", count: 1025), "the key is 1025 bytes long, S3 allows 1024"),
        ("notifier-templates", "templates/../secrets.txt", "the key has a \".\" or \"..\" segment, which libcurl would resolve away before sending"),
        ("notifier-templates", "./subject.mustache", "the key has a \".\" or \"..\" segment, which libcurl would resolve away before sending"),
        ("bucket/with/slashes", "k", "\"bucket/with/slashes\" is not an S3 bucket name"),
        ("b", "k", "\"b\" is not an S3 bucket name"),
        ("bucket?x=1", "k", "\"bucket?x=1\" is not an S3 bucket name"),
    ])
    func unsendableBucketsAndKeysAreRefusedBeforeSending(bucket: String, key: String, problem: String) throws {
        let server = try ScriptedS3Endpoint(script: [], then: .s3Object("unused"))

        let error = try #require(throws: AWSServiceError.self) {
            try server.s3Client(retryPolicy: RetryPolicy()).getObject(bucket: bucket, key: key, deadline: .now)
        }
        // Even past the deadline: the request is wrong, not late, and a retry would not help.
        #expect(error.reason == .refusedBeforeSending(code: "InvalidRequest", problem: problem))
        #expect(error.attempts == 0)
        #expect(server.requests.isEmpty)
    }

    @Test func endpointThatIsNotAnHTTPURLIsRefusedBeforeSending() {
        let client = S3Client(configuration: AWSClientConfiguration(service: .s3, region: "us-east-1", credentials: Self.credentials, endpoint: "localhost:4566"))

        let error = #expect(throws: AWSServiceError.self) {
            try client.getObject(bucket: "notifier-templates", key: "k", deadline: .now + .seconds(10))
        }
        #expect(error?.reason == .refusedBeforeSending(code: "InvalidRequest", problem: "the endpoint \"localhost:4566\" is not an http(s) URL"))
        #expect(error?.attempts == 0)
    }

    @Test func negativeSizeLimitIsRefusedBeforeSending() throws {
        let server = try ScriptedS3Endpoint(script: [], then: .s3Object("unused"))

        let error = try #require(throws: AWSServiceError.self) {
            try server.s3Client(retryPolicy: RetryPolicy()).getObject(bucket: "notifier-templates", key: "k", maximumSize: -1, deadline: .now + .seconds(10))
        }
        #expect(error.reason == .refusedBeforeSending(code: "InvalidRequest", problem: "maximumSize -1 is negative"))
        #expect(server.requests.isEmpty)
    }

    @Test func ifNoneMatchWithALineBreakIsRefusedBeforeSending() throws {
        let server = try ScriptedS3Endpoint(script: [], then: .s3Object("unused"))

        let error = try #require(throws: AWSServiceError.self) {
            try server.s3Client(retryPolicy: RetryPolicy())
                .getObject(bucket: "notifier-templates", key: "k", ifNoneMatch: "\"abc\"\r\nX-Injected: 1", deadline: .now + .seconds(10))
        }
        #expect(error.reason == .refusedBeforeSending(code: "InvalidRequest", problem: "the If-None-Match value contains a control character"))
        #expect(server.requests.isEmpty)
    }

    @Test func errorDescriptionNamesTheObjectTheCodeAndWhetherARetryHelps() {
        let error = AWSServiceError(
            service: "S3",
            operation: "GetObject",
            resource: "s3://notifier-templates/templates/order-cancelled/subject.mustache",
            reason: .service(AWSErrorResponse(status: 404, code: "NoSuchKey", message: "The specified key does not exist.", requestID: "4442587FB7D0A2F9")),
            attempts: 1
        )
        #expect(error.description == "S3 GetObject s3://notifier-templates/templates/order-cancelled/subject.mustache: S3 answered HTTP 404 NoSuchKey: The specified key does not exist. [request 4442587FB7D0A2F9] (1 attempt, not retryable)")
    }
}

private struct OracleInput: Encodable {
    struct Request: Encodable {
        var bucket: String
        var key: String
        var ifNoneMatch: String?
    }

    var region: String
    var endpoint: String?
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String?
    var unixTime: Int
    var requests: [Request]

}

/// What botocore made of each request.
private struct BotocoreRequests: Decodable {
    struct Request: Decodable {
        var url: String
        var canonicalRequest: String
        /// `authorization`, `x-amz-date`, `x-amz-content-sha256` and, with a session token, `x-amz-security-token`.
        var headers: [String: String]
    }

    var requests: [Request]
}
