import TestSupport
import CurlHTTP
import Foundation
import Testing
import WallClock
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

/// Random requests signed by botocore (`Tests/Oracles/sigv4_corpus.py`) and by `SigV4Signer` must
/// agree byte for byte. The generator's doc comment lists the inputs it leaves out because botocore
/// departs from the SigV4 specification there; `SigV4SignerTests` pins most of those down.
///
/// `SIGV4_CORPUS_SEED` picks another corpus; the default keeps runs reproducible.
@Suite struct SigV4BotocoreCorpusTests {
    static let caseCount = 300

    @Test func everyGeneratedRequestIsSignedExactlyAsBotocoreSignsIt() throws {
        let seed = ProcessInfo.processInfo.environment["SIGV4_CORPUS_SEED"] ?? "20250101"
        let corpus = try PythonOracle.decode(Corpus.self, from: "sigv4_corpus.py", arguments: [seed, String(Self.caseCount)])
        #expect(corpus.cases.count == Self.caseCount)

        for botocore in corpus.cases {
            let label = Comment(rawValue: "seed \(seed) case \(botocore.index): \(botocore.method) \(botocore.url) [\(botocore.service)]")
            var request = try botocore.request()
            let signer = SigV4Signer(credentials: botocore.credentials, region: botocore.region, service: botocore.service)
            let signature = try signer.sign(&request, at: WallClockTime(millisecondsSince1970: Int64(botocore.unixTime) * 1000))

            #expect(signature.canonicalRequest == botocore.canonicalRequest, label)
            #expect(signature.stringToSign == botocore.stringToSign, label)
            for (name, value) in botocore.addedHeaders {
                #expect(request.headers[name] == value, label)
            }
        }
    }
}

private struct Corpus: Decodable {
    var cases: [SignedCase]
}

/// One request as botocore signed it.
private struct SignedCase: Decodable {
    var index: Int
    var service: String
    var region: String
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String?
    var unixTime: Int
    var method: String
    var url: String
    var headers: [[String]]
    var bodyBase64: String
    var canonicalRequest: String
    var stringToSign: String
    /// `authorization`, `x-amz-date`, and when botocore added them `x-amz-security-token` and `x-amz-content-sha256`.
    var addedHeaders: [String: String]

    var credentials: AWSCredentials {
        AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }

    func request() throws -> HTTPRequest {
        var fields = HTTPHeaders()
        for pair in headers {
            fields.add(name: pair[0], value: pair[1])
        }
        return HTTPRequest(
            method: try #require(HTTPRequest.Method(rawValue: method)),
            url: url,
            headers: fields,
            body: Array(try #require(Data(base64Encoded: bodyBase64))),
            timeout: nil
        )
    }
}
