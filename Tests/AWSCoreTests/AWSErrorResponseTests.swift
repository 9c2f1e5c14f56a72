import CurlHTTP
import JSON
import Testing
@testable import AWSCore

/// Reading AWS error answers in every wire protocol the core speaks: REST-JSON (SES v2), the AWS
/// JSON protocols, the XML of the query API, and S3's XML error documents as the S3 API reference
/// shows them.
@Suite struct AWSErrorResponseTests {
    static func response(status: Int = 400, headers: HTTPHeaders = [:], body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    // MARK: JSON

    @Test func codeComesFromTheErrorTypeFieldWithoutItsNamespace() throws {
        let body = #"{"message":"Email address is not verified."}"#
        let parsed = AWSErrorResponse(Self.response(
            headers: ["x-amzn-ErrorType": "MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/", "x-amzn-RequestId": "req-1"],
            body: body
        ))
        #expect(parsed == AWSErrorResponse(
            status: 400, code: "MessageRejected", message: "Email address is not verified.", requestID: "req-1",
            json: try JSONParser.parse(Array(body.utf8))
        ))
    }

    @Test func codeComesFromTheJSONTypeWithoutItsNamespace() {
        let parsed = AWSErrorResponse(Self.response(body: #"{"__type":"com.amazonaws.sesv2#SendingPausedException","Message":"Sending is paused."}"#))
        #expect(parsed.code == "SendingPausedException")
        #expect(parsed.message == "Sending is paused.")
    }

    @Test func codeComesFromAJSONCodeMember() {
        let parsed = AWSErrorResponse(Self.response(status: 403, body: #"{"code":"ExpiredToken","message":"The security token included in the request is expired"}"#))
        #expect(parsed.code == "ExpiredToken")
        #expect(parsed.message == "The security token included in the request is expired")
    }

    // MARK: XML

    @Test func codeAndMessageComeFromAnXMLErrorResponse() {
        let parsed = AWSErrorResponse(Self.response(status: 403, body: """
            <ErrorResponse><Error>
              <Code>SignatureDoesNotMatch</Code>
              <Message>The request signature we calculated does not match the signature you provided.</Message>
            </Error><RequestId>xml-req</RequestId></ErrorResponse>
            """))
        #expect(parsed == AWSErrorResponse(
            status: 403,
            code: "SignatureDoesNotMatch",
            message: "The request signature we calculated does not match the signature you provided.",
            requestID: "xml-req"
        ))
    }

    @Test func codeMessageAndRequestIDComeFromTheS3ErrorDocument() {
        let error = AWSErrorResponse(Self.response(status: 404, body: """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error>
              <Code>NoSuchBucket</Code>
              <Message>The specified bucket does not exist</Message>
              <BucketName>notifier-templates</BucketName>
              <RequestId>4442587FB7D0A2F9</RequestId>
              <HostId>hVmDfnRJ0Wzw3zWJEZUk2mGDPrGmLhkGOPsItQoWMp9n2Id5OXBt98mTEgLBzjPnEXMxr5Tt3sI=</HostId>
            </Error>
            """))
        #expect(error == AWSErrorResponse(
            status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist", requestID: "4442587FB7D0A2F9"
        ))
    }

    @Test func entitiesInTheMessageAreDecoded() {
        let error = AWSErrorResponse(Self.response(status: 400, body: """
            <Error><Code>InvalidArgument</Code><Message>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#233;&#x2713; &unknown; &amp</Message></Error>
            """))
        #expect(error.message == #"a <b> & "c" 'd' é✓ &unknown; &amp"#)
    }

    @Test func headerFieldsWinOverTheDocumentForRequestIDAndRegion() {
        let error = AWSErrorResponse(Self.response(
            status: 301,
            headers: ["x-amz-request-id": "from-header", "x-amz-bucket-region": "eu-central-1"],
            body: "<Error><Code>PermanentRedirect</Code><Message>Use the bucket's endpoint.</Message><RequestId>from-body</RequestId></Error>"
        ))
        #expect(error.requestID == "from-header")
        #expect(error.bucketRegion == "eu-central-1")
        #expect(error.description == "HTTP 301 PermanentRedirect: Use the bucket's endpoint. (bucket region eu-central-1) [request from-header]")
    }

    @Test func regionOfAWrongSigningScopeComesFromTheDocument() {
        let error = AWSErrorResponse(Self.response(status: 400, body: """
            <Error><Code>AuthorizationHeaderMalformed</Code><Message>the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region></Error>
            """))
        #expect(error.code == "AuthorizationHeaderMalformed")
        #expect(error.bucketRegion == "eu-west-1")
    }

    // MARK: Neither

    @Test func answerWithoutCodeKeepsItsStatus() {
        let parsed = AWSErrorResponse(Self.response(status: 502, body: "<html>Bad Gateway</html>"))
        #expect(parsed.code == nil)
        #expect(parsed.status == 502)
        #expect(AWSServiceError(service: "SES", operation: "SendEmail", reason: .service(parsed), attempts: 1).isRetryable)
    }

    @Test func answerWithoutAnErrorDocumentKeepsOnlyTheStatus() {
        let error = AWSErrorResponse(Self.response(status: 503, body: "<html><body>Service Unavailable</body></html>"))
        #expect(error == AWSErrorResponse(status: 503, code: nil, message: ""))
        #expect(error.description == "HTTP 503")
    }

    // MARK: In the service error

    @Test func descriptionNamesServiceOperationStatusCodeMessageAndRequest() {
        let error = AWSServiceError(
            service: "SES", operation: "SendEmail",
            reason: .service(AWSErrorResponse(status: 400, code: "MessageRejected", message: "Not verified.", requestID: "r-9")), attempts: 1)
        #expect(error.description == "SES SendEmail: SES answered HTTP 400 MessageRejected: Not verified. [request r-9] (1 attempt, not retryable)")
    }
}
