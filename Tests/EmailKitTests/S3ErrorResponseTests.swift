import CurlHTTP
import Foundation
import Testing
@testable import EmailKit

/// Reading S3's XML error documents, as the S3 API reference shows them.
@Suite struct S3ErrorResponseTests {
    static func response(status: Int, headers: HTTPHeaders = [:], xml: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(xml.utf8))
    }

    @Test func codeMessageAndRequestIDComeFromTheErrorDocument() {
        let error = S3ErrorResponse(Self.response(status: 404, xml: """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error>
              <Code>NoSuchBucket</Code>
              <Message>The specified bucket does not exist</Message>
              <BucketName>notifier-templates</BucketName>
              <RequestId>4442587FB7D0A2F9</RequestId>
              <HostId>hVmDfnRJ0Wzw3zWJEZUk2mGDPrGmLhkGOPsItQoWMp9n2Id5OXBt98mTEgLBzjPnEXMxr5Tt3sI=</HostId>
            </Error>
            """))
        #expect(error == S3ErrorResponse(
            status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist", requestID: "4442587FB7D0A2F9"
        ))
    }

    @Test func entitiesInTheMessageAreDecoded() {
        let error = S3ErrorResponse(Self.response(status: 400, xml: """
            <Error><Code>InvalidArgument</Code><Message>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#233;&#x2713; &unknown; &amp</Message></Error>
            """))
        #expect(error.message == #"a <b> & "c" 'd' é✓ &unknown; &amp"#)
    }

    @Test func headerFieldsWinOverTheDocumentForRequestIDAndRegion() {
        let error = S3ErrorResponse(Self.response(
            status: 301,
            headers: ["x-amz-request-id": "from-header", "x-amz-bucket-region": "eu-central-1"],
            xml: "<Error><Code>PermanentRedirect</Code><Message>Use the bucket's endpoint.</Message><RequestId>from-body</RequestId></Error>"
        ))
        #expect(error.requestID == "from-header")
        #expect(error.bucketRegion == "eu-central-1")
        #expect(error.description == "HTTP 301 PermanentRedirect: Use the bucket's endpoint. (bucket region eu-central-1) [request from-header]")
    }

    @Test func regionOfAWrongSigningScopeComesFromTheDocument() {
        let error = S3ErrorResponse(Self.response(status: 400, xml: """
            <Error><Code>AuthorizationHeaderMalformed</Code><Message>the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region></Error>
            """))
        #expect(error.code == "AuthorizationHeaderMalformed")
        #expect(error.bucketRegion == "eu-west-1")
    }

    @Test func answerWithoutAnErrorDocumentKeepsOnlyTheStatus() {
        let error = S3ErrorResponse(Self.response(status: 503, xml: "<html><body>Service Unavailable</body></html>"))
        #expect(error == S3ErrorResponse(status: 503, code: nil, message: ""))
        #expect(error.description == "HTTP 503")
    }
}
