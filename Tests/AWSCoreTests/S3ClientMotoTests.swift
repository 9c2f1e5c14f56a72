import TestSupport
import CurlHTTP
import Foundation
import Testing
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

/// `S3Client` against moto's S3, which authenticates every request by recomputing its SigV4
/// signature with botocore and authorises it against an IAM policy that allows `s3:GetObject` on
/// the template bucket only (`Tests/Oracles/moto_fixture.py`).
///
/// moto checks signatures against its web framework's decoded URL, so it refuses correctly signed
/// keys with characters such as `ü` or `+`; `S3ClientRequestTests` checks those against botocore.
@Suite struct S3ClientMotoTests {
    static let subjectKey = "templates/order-received/subject.mustache"
    static let htmlKey = "templates/order-received/body.html.mustache"
    static let keyWithSpace = "templates/order shipped/subject.mustache"

    static var deadline: ContinuousClock.Instant { .now + .seconds(20) }

    @Test func objectIsReadByteForByteWithTheETagAndContentTypeItWasStoredWith() throws {
        let moto = try MotoServer.shared()
        let stored = try #require(moto.templateObject(Self.htmlKey))
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))

        let object = try #require(client.getObject(bucket: moto.templateBucket, key: Self.htmlKey, deadline: Self.deadline).object)

        #expect(object.body == Array(stored.body.utf8))
        #expect(object.etag == stored.etag)
        #expect(object.contentType == stored.contentType)
    }

    @Test func currentETagAsIfNoneMatchGivesNotModified() throws {
        let moto = try MotoServer.shared()
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))
        let first = try #require(client.getObject(bucket: moto.templateBucket, key: Self.subjectKey, deadline: Self.deadline).object)

        let second = try client.getObject(bucket: moto.templateBucket, key: Self.subjectKey, ifNoneMatch: first.etag, deadline: Self.deadline)

        #expect(second == .notModified)
    }

    @Test func staleETagAsIfNoneMatchGivesTheObjectAgain() throws {
        let moto = try MotoServer.shared()
        let stored = try #require(moto.templateObject(Self.subjectKey))
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))

        let result = try client.getObject(
            bucket: moto.templateBucket, key: Self.subjectKey, ifNoneMatch: #""d41d8cd98f00b204e9800998ecf8427e""#, deadline: Self.deadline
        )

        #expect(try #require(result.object).body == Array(stored.body.utf8))
    }

    @Test func keyWithSpacesAndSlashSegmentsIsRead() throws {
        let moto = try MotoServer.shared()
        let stored = try #require(moto.templateObject(Self.keyWithSpace))
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))

        let object = try #require(client.getObject(bucket: moto.templateBucket, key: Self.keyWithSpace, deadline: Self.deadline).object)

        #expect(object.body == Array(stored.body.utf8))
    }

    @Test func sessionCredentialsOfAnAssumedRoleAreAccepted() throws {
        let moto = try MotoServer.shared()
        let stored = try #require(moto.templateObject(Self.subjectKey))
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.sessionCredentials))

        let object = try #require(client.getObject(bucket: moto.templateBucket, key: Self.subjectKey, deadline: Self.deadline).object)

        #expect(object.body == Array(stored.body.utf8))
    }

    @Test func objectOverTheSizeLimitIsRefusedAndOneAtTheLimitIsRead() throws {
        let moto = try MotoServer.shared()
        let size = try #require(moto.templateObject(Self.subjectKey)).body.utf8.count
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))

        let error = try #require(throws: AWSServiceError.self) {
            try client.getObject(bucket: moto.templateBucket, key: Self.subjectKey, maximumSize: size - 1, deadline: Self.deadline)
        }
        let atTheLimit = try #require(client.getObject(bucket: moto.templateBucket, key: Self.subjectKey, maximumSize: size, deadline: Self.deadline).object)

        #expect(error.reason == .responseTooLarge(maximumSize: size - 1))
        #expect(!error.isRetryable)
        #expect(atTheLimit.body.count == size)
    }

    @Test func missingKeyIsNoSuchKeyWithoutRetrying() throws {
        let moto = try MotoServer.shared()
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))

        let error = try #require(throws: AWSServiceError.self) {
            try client.getObject(bucket: moto.templateBucket, key: "templates/order-cancelled/subject.mustache", deadline: Self.deadline)
        }
        #expect(error.code == "NoSuchKey")
        #expect(error.serviceResponse?.status == 404)
        #expect(error.serviceResponse?.message == "The specified key does not exist.")
        #expect(error.serviceResponse?.requestID != nil)
        #expect(error.resource == "s3://\(moto.templateBucket)/templates/order-cancelled/subject.mustache")
        #expect(!error.isRetryable)
        #expect(error.attempts == 1)
    }

    @Test func bucketOutsideThePolicyIsAccessDenied() throws {
        let moto = try MotoServer.shared()
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))

        let error = try #require(throws: AWSServiceError.self) {
            try client.getObject(bucket: moto.unreadableBucket, key: Self.subjectKey, deadline: Self.deadline)
        }
        #expect(error.code == "AccessDenied")
        #expect(error.serviceResponse?.status == 403)
        #expect(!error.isRetryable)
        #expect(error.attempts == 1)
    }

    @Test func wrongSecretIsSignatureDoesNotMatchWithoutRetrying() throws {
        let moto = try MotoServer.shared()
        var credentials = moto.userCredentials
        credentials.secretAccessKey = String(credentials.secretAccessKey.reversed())
        let client = S3Client(configuration: moto.s3Configuration(credentials: credentials))

        let error = try #require(throws: AWSServiceError.self) {
            try client.getObject(bucket: moto.templateBucket, key: Self.subjectKey, deadline: Self.deadline)
        }
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.serviceResponse?.status == 403)
        #expect(!error.isRetryable)
        #expect(error.attempts == 1)
    }

    @Test func unknownAccessKeyIsInvalidAccessKeyID() throws {
        let moto = try MotoServer.shared()
        let client = S3Client(
            configuration: moto.s3Configuration(credentials: AWSCredentials(accessKeyID: "AKIAUNKNOWNKEY000000", secretAccessKey: "whatever"))
        )

        let error = try #require(throws: AWSServiceError.self) {
            try client.getObject(bucket: moto.templateBucket, key: Self.subjectKey, deadline: Self.deadline)
        }
        #expect(error.code == "InvalidAccessKeyId")
        #expect(error.serviceResponse?.status == 403)
        #expect(!error.isRetryable)
    }

    // MARK: ListObjectsV2

    @Test func theFoldersUnderAPrefixAreListedAsCommonPrefixes() throws {
        let moto = try MotoServer.shared()
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))

        let list = try client.listObjectsV2(bucket: moto.templateBucket, prefix: "templates/", delimiter: "/", deadline: Self.deadline)

        #expect(list.commonPrefixes == ["templates/order shipped/", "templates/order-received/"])
        #expect(list.keys.isEmpty)
        #expect(list.nextContinuationToken == nil)
    }

    @Test func aListingIsReadPageByPageWithItsContinuationToken() throws {
        let moto = try MotoServer.shared()
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))
        let expected = moto.templateObjects.map(\.key).filter { $0.hasPrefix("templates/") }.sorted()

        var keys: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try client.listObjectsV2(bucket: moto.templateBucket, prefix: "templates/", continuationToken: token, maxKeys: 2, deadline: Self.deadline)
            #expect(page.keys.count <= 2)
            keys += page.keys
            token = page.nextContinuationToken
            pages += 1
        } while token != nil && pages < 10

        #expect(keys == expected)
        #expect(pages == 2)
    }

    @Test func listingABucketOutsideThePolicyIsAccessDenied() throws {
        let moto = try MotoServer.shared()
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))

        let error = try #require(throws: AWSServiceError.self) {
            try client.listObjectsV2(bucket: moto.unreadableBucket, delimiter: "/", deadline: Self.deadline)
        }
        #expect(error.code == "AccessDenied")
        #expect(error.operation == "ListObjectsV2")
        #expect(!error.isRetryable)
    }

    /// Proof that the tests above exercise signature checking: moto refuses an unsigned request
    /// for an object the signed requests read.
    @Test func motoRefusesUnsignedRequests() throws {
        let moto = try MotoServer.shared()
        let client = S3Client(configuration: moto.s3Configuration(credentials: moto.userCredentials))
        let url = client.objectURL(bucket: moto.templateBucket, key: Self.subjectKey)

        let unsigned = HTTPRequest(method: .get, url: url, timeout: .seconds(10))
        let response = try HTTPClient(configuration: HTTPClient.Configuration(useProxy: false)).execute(unsigned)

        #expect(response.status == 403)
    }
}
