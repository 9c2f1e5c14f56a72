import CurlHTTP
import Foundation
import Testing
import WallClock
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

@Suite struct SigV4SignerTests {
    /// The credentials of AWS's published examples.
    static let exampleCredentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    /// 2015-08-30T12:36:00Z, the time of AWS's published examples.
    static let exampleDate = WallClockTime(millisecondsSince1970: 1_440_938_160_000)

    static func request(_ url: String, method: HTTPRequest.Method = .get, headers: HTTPHeaders = [:], body: String = "") -> HTTPRequest {
        HTTPRequest(method: method, url: url, headers: headers, body: Array(body.utf8), timeout: nil)
    }

    static func signer(service: String = "ses", credentials: AWSCredentials = exampleCredentials) -> SigV4Signer {
        SigV4Signer(credentials: credentials, region: "us-east-1", service: service)
    }

    // MARK: AWS's published examples

    /// The IAM `ListUsers` example of the SigV4 documentation ("Create a signed AWS API request").
    @Test func iamListUsersExampleSignsToThePublishedSignature() throws {
        var request = Self.request(
            "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"]
        )
        let signature = try Self.signer(service: "iam").sign(&request, at: Self.exampleDate)

        #expect(signature.canonicalRequest == """
            GET
            /
            Action=ListUsers&Version=2010-05-08
            content-type:application/x-www-form-urlencoded; charset=utf-8
            host:iam.amazonaws.com
            x-amz-date:20150830T123600Z

            content-type;host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(signature.stringToSign == """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/iam/aws4_request
            f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59
            """)
        #expect(signature.signature == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
        #expect(request.headers["Authorization"] == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
        #expect(request.headers["X-Amz-Date"] == "20150830T123600Z")
    }

    /// `get-vanilla` of the AWS SigV4 test suite.
    @Test func testSuiteVanillaGetSignsToThePublishedSignature() throws {
        var request = Self.request("https://example.amazonaws.com/")
        let signature = try Self.signer(service: "service").sign(&request, at: Self.exampleDate)
        #expect(signature.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    /// `get-vanilla-query-order-key-case` of the AWS SigV4 test suite.
    @Test func testSuiteQueryOrderSignsToThePublishedSignature() throws {
        var request = Self.request("https://example.amazonaws.com/?Param2=value2&Param1=value1")
        let signature = try Self.signer(service: "service").sign(&request, at: Self.exampleDate)
        #expect(signature.canonicalRequest.split(separator: "\n")[2] == "Param1=value1&Param2=value2")
        #expect(signature.signature == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    // MARK: Fields added

    @Test func sessionTokenIsSentAndSigned() throws {
        var credentials = Self.exampleCredentials
        credentials.sessionToken = "token/with+base64="
        var request = Self.request("https://email.us-east-1.amazonaws.com/v2/email/outbound-emails", method: .post, body: "{}")
        let signature = try Self.signer(credentials: credentials).sign(&request, at: Self.exampleDate)

        #expect(request.headers["X-Amz-Security-Token"] == "token/with+base64=")
        #expect(signature.signedHeaders.split(separator: ";").contains("x-amz-security-token"))
        #expect(signature.canonicalRequest.contains("\nx-amz-security-token:token/with+base64=\n"))
    }

    @Test func printedSignatureRedactsTheSessionTokenAndTheSignature() throws {
        var credentials = Self.exampleCredentials
        credentials.sessionToken = "secret-session-token"
        var request = Self.request("https://email.us-east-1.amazonaws.com/v2/email/outbound-emails", method: .post, body: "{}")
        let signature = try Self.signer(credentials: credentials).sign(&request, at: Self.exampleDate)

        var dumped = ""
        dump(signature, to: &dumped)
        for printed in [signature.description, "\(signature)", String(reflecting: signature), dumped] {
            #expect(!printed.contains("secret-session-token"))
            #expect(!printed.contains(signature.signature))
            #expect(printed.contains("x-amz-security-token:<redacted>"))
            #expect(printed.contains(signature.signedHeaders))
        }
    }

    @Test func withoutSessionTokenNoTokenFieldIsAdded() throws {
        var request = Self.request("https://email.us-east-1.amazonaws.com/")
        try Self.signer().sign(&request, at: Self.exampleDate)
        #expect(request.headers["X-Amz-Security-Token"] == nil)
    }

    @Test func payloadHashIsTheSHA256OfExactlyTheBodySent() throws {
        let body = "{\"Content\":{\"Raw\":{\"Data\":\"SGk=\"}}}"
        var request = Self.request("https://email.us-east-1.amazonaws.com/v2/email/outbound-emails", method: .post, body: body)
        let signature = try Self.signer().sign(&request, at: Self.exampleDate)
        #expect(signature.canonicalRequest.hasSuffix("\n" + Digest.sha256(Array(body.utf8)).lowercaseHex))
    }

    @Test func nonDefaultPortIsPartOfTheSignedAndSentHost() throws {
        var request = Self.request("http://127.0.0.1:4566/v2/email/outbound-emails")
        let signature = try Self.signer().sign(&request, at: Self.exampleDate)
        #expect(request.headers["Host"] == "127.0.0.1:4566")
        #expect(signature.canonicalRequest.contains("\nhost:127.0.0.1:4566\n"))
    }

    @Test func defaultPortIsLeftOutOfTheHostAsLibcurlLeavesItOut() throws {
        var request = Self.request("https://Email.US-East-1.amazonaws.com:443/")
        try Self.signer().sign(&request, at: Self.exampleDate)
        #expect(request.headers["Host"] == "email.us-east-1.amazonaws.com")
    }

    @Test func hostSetByTheCallerIsSignedAsSet() throws {
        var request = Self.request("http://127.0.0.1:4566/", headers: ["Host": "email.us-east-1.amazonaws.com"])
        let signature = try Self.signer().sign(&request, at: Self.exampleDate)
        #expect(signature.canonicalRequest.contains("\nhost:email.us-east-1.amazonaws.com\n"))
        #expect(request.headers.fields.filter { $0.name.lowercased() == "host" }.count == 1)
    }

    @Test func fieldsThatProxiesAndLibcurlRewriteAreNotSigned() throws {
        var request = Self.request(
            "https://email.us-east-1.amazonaws.com/",
            method: .post,
            headers: ["User-Agent": "notifier", "Expect": "", "Connection": "keep-alive", "Content-Type": "application/json"]
        )
        let signature = try Self.signer().sign(&request, at: Self.exampleDate)
        #expect(signature.signedHeaders == "content-type;host;x-amz-date")
    }

    @Test func headerValuesAreTrimmedAndInnerWhitespaceCollapsed() throws {
        var request = Self.request("https://example.amazonaws.com/", headers: ["My-Header": " \t a   b\t\tc  "])
        let signature = try Self.signer().sign(&request, at: Self.exampleDate)
        #expect(signature.canonicalRequest.contains("\nmy-header:a b c\n"))
    }

    @Test func repeatedFieldsAreSignedAsOneCommaJoinedValueInSendingOrder() throws {
        var request = Self.request("https://example.amazonaws.com/", headers: ["X-Tag": "b", "x-tag": "a"])
        let signature = try Self.signer().sign(&request, at: Self.exampleDate)
        #expect(signature.canonicalRequest.contains("\nx-tag:b,a\n"))
        #expect(signature.signedHeaders == "host;x-amz-date;x-tag")
    }

    // MARK: Re-signing

    @Test func resigningReplacesEverySignatureField() throws {
        var credentials = Self.exampleCredentials
        credentials.sessionToken = "token"
        let signer = Self.signer(credentials: credentials)
        let later = Self.exampleDate + .seconds(90)

        var resigned = Self.request("https://email.us-east-1.amazonaws.com/", method: .post, body: "x")
        try signer.sign(&resigned, at: Self.exampleDate)
        let second = try signer.sign(&resigned, at: later)
        var fresh = Self.request("https://email.us-east-1.amazonaws.com/", method: .post, body: "x")
        let onlyOnce = try signer.sign(&fresh, at: later)

        #expect(second == onlyOnce)
        #expect(resigned.headers.fields == fresh.headers.fields)
    }

    @Test func cachedSigningKeyFollowsTheDateAcrossMidnight() throws {
        let beforeMidnight = WallClockTime(millisecondsSince1970: 1_709_251_199_000)  // 2024-02-29T23:59:59Z
        let afterMidnight = beforeMidnight + .seconds(1)
        let warm = Self.signer()

        for date in [beforeMidnight, afterMidnight, beforeMidnight] {
            var cached = Self.request("https://email.us-east-1.amazonaws.com/")
            var uncached = cached
            #expect(try warm.sign(&cached, at: date) == Self.signer().sign(&uncached, at: date))
        }
    }

    // MARK: Path and query

    @Test func pathIsEncodedTwiceForServicesOtherThanS3() throws {
        var request = Self.request("https://example.amazonaws.com/a%20b/%E2%82%AC/c+d")
        let signature = try Self.signer().sign(&request, at: Self.exampleDate)
        #expect(signature.canonicalRequest.split(separator: "\n")[1] == "/a%2520b/%25E2%2582%25AC/c%2Bd")
    }

    @Test func s3SignsThePathAsSentAndAddsThePayloadHashField() throws {
        var request = Self.request("https://bucket.s3.amazonaws.com/a%20b//c/./d", method: .put, body: "hello")
        let signature = try Self.signer(service: "s3").sign(&request, at: Self.exampleDate)
        let payloadHash = Digest.sha256(Array("hello".utf8)).lowercaseHex
        #expect(signature.canonicalRequest.split(separator: "\n")[1] == "/a%20b//c/./d")
        #expect(request.headers["x-amz-content-sha256"] == payloadHash)
        #expect(signature.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
    }

    /// The specification signs an empty path as `/`; botocore's S3 signer signs it as an empty line.
    @Test func s3URLWithoutPathSignsTheRootPath() throws {
        var request = Self.request("https://bucket.s3.amazonaws.com?list-type=2")
        let signature = try Self.signer(service: "s3").sign(&request, at: Self.exampleDate)
        #expect(signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[1] == "/")
    }

    /// `normalize-path/get-slashes`, `get-relative-relative` and `get-slash-pointless-dot` of the AWS test suite.
    @Test(arguments: [
        ("//example//", "/example/"),
        ("/example1/example2/../..", "/"),
        ("/./example", "/example"),
        ("/a/./b/../c", "/a/c"),
    ])
    func emptyAndDotSegmentsAreRemovedFromThePath(path: String, canonical: String) {
        #expect(CanonicalRequest.uri(Substring(path), rule: .normalizedAndEncodedTwice) == canonical)
    }

    /// RFC 3986 §5.2.4 keeps the slash after a final `.` or `..`, and libcurl sends `/a/b/..` as
    /// `GET /a/`. botocore signs `/a` here; we sign what is sent.
    @Test func pathEndingInDotSegmentKeepsItsTrailingSlash() {
        #expect(CanonicalRequest.uri("/a/b/..", rule: .normalizedAndEncodedTwice) == "/a/")
        #expect(CanonicalRequest.uri("/a/.", rule: .normalizedAndEncodedTwice) == "/a/")
    }

    @Test func queryIsSortedByEncodedNameThenValueKeepingRepeatedNames() {
        #expect(CanonicalRequest.query("b=2&a=z&a=y&a-b=1&c") == "a=y&a=z&a-b=1&b=2&c=")
    }

    @Test func queryIsDecodedAndReencodedTheSigV4Way() {
        #expect(CanonicalRequest.query("k%7e=%41%2f!&%e2%82%ac=a%20b") == "%E2%82%AC=a%20b&k~=A%2F%21")
    }

    /// A literal `+` in a query means `+` (RFC 3986; SigV4 encodes spaces as `%20`, never `+`), so it
    /// is signed as `%2B`. botocore, given such a URL rather than parameters, would sign `+` verbatim.
    @Test func plusInQueryIsSignedAsAnEncodedPlusSign() {
        #expect(CanonicalRequest.query("a=b+c") == "a=b%2Bc")
    }

    /// botocore signs the empty piece of `a=1&&b=2` as a parameter `=`; URL parsers such as Go's
    /// net/url, and this signer, skip it.
    @Test func emptyQueryPiecesAreNotParameters() {
        #expect(CanonicalRequest.query("a=1&&b=2&") == "a=1&b=2")
    }

    @Test func urlWithoutSchemeOrHostCannotBeSigned() {
        for url in ["email.us-east-1.amazonaws.com/v2", "ftp://host/", "https:///path", "https://host:port/"] {
            var request = Self.request(url)
            #expect(throws: SigV4Error.invalidURL(url)) { try Self.signer().sign(&request, at: Self.exampleDate) }
        }
    }

    // MARK: Timestamp

    @Test func timestampIsWrittenInUTCWithSecondsTruncated() {
        let leapDay = SigV4Timestamp(WallClockTime(millisecondsSince1970: 951_825_599_999))  // 2000-02-29T11:59:59.999Z
        #expect(leapDay.dateTime == "20000229T115959Z")
        #expect(leapDay.date == "20000229")
        #expect(SigV4Timestamp(WallClockTime(millisecondsSince1970: 0)).dateTime == "19700101T000000Z")
    }
}
