import AWSCore
import Foundation
import S3
import Testing
import TestSupport
import WallClock

/// Presigned `GetObject` URLs written by `S3Client` must equal botocore's `generate_presigned_url`
/// byte for byte (`Tests/Oracles/presign_corpus.py`): keys with spaces, `+`, non-ASCII letters and
/// every ASCII mark, version ids, session tokens, AWS and custom endpoints.
///
/// moto cannot serve a presigned URL with its authentication on (it answers 500 to any request
/// without an `Authorization` header, botocore's own presigned URLs included), so agreement with
/// botocore is the check of the signature.
@Suite struct PresignedURLBotocoreTests {
    static let caseCount = 200

    @Test func everyPresignedURLEqualsBotocores() throws {
        let seed = ProcessInfo.processInfo.environment["PRESIGN_CORPUS_SEED"] ?? "20260101"
        let corpus = try PythonOracle.decode(PresignCorpus.self, from: "presign_corpus.py", arguments: [seed, String(Self.caseCount)])
        #expect(corpus.cases.count == Self.caseCount)
        for botocore in corpus.cases {
            let label = Comment(rawValue: "seed \(seed) case \(botocore.index): \(botocore.bucket) \(botocore.key.debugDescription)")
            let credentials = AWSCredentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: botocore.sessionToken)
            let client = S3Client(configuration: AWSClientConfiguration(
                service: .s3, region: botocore.region, credentials: credentials, endpoint: botocore.endpoint))
            let url = try client.presignedGetObjectURL(
                bucket: botocore.bucket, key: botocore.key, versionID: botocore.versionId, expiresIn: botocore.expiresIn,
                at: WallClockTime(millisecondsSince1970: Int64(botocore.unixTime) * 1000))
            #expect(url == botocore.url, label)
        }
    }

    @Test func anExpiryBeyondSevenDaysOrUnderOneSecondIsRefused() throws {
        let client = S3Client(configuration: AWSClientConfiguration(
            service: .s3, region: "eu-west-1", credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret")))
        for expiresIn in [0, 604_801] {
            #expect(throws: AWSServiceError.self) {
                try client.presignedGetObjectURL(bucket: "acube-invoices", key: "a.pdf", expiresIn: expiresIn, at: .now())
            }
        }
    }
}

private struct PresignCorpus: Decodable {
    var cases: [PresignedCase]
}

private struct PresignedCase: Decodable {
    var index: Int
    var endpoint: String?
    var region: String
    var bucket: String
    var key: String
    var versionId: String?
    var sessionToken: String?
    var expiresIn: Int
    var unixTime: Int
    var url: String
}
