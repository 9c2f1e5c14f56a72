import CurlHTTP
import Foundation
import Testing
@testable import EmailKit

@Suite struct SESErrorResponseTests {
    static func response(status: Int = 400, headers: HTTPHeaders = [:], body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    @Test func codeComesFromTheErrorTypeFieldWithoutItsNamespace() {
        let parsed = SESErrorResponse(Self.response(
            headers: ["x-amzn-ErrorType": "MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/", "x-amzn-RequestId": "req-1"],
            body: #"{"message":"Email address is not verified."}"#
        ))
        #expect(parsed == SESErrorResponse(status: 400, code: "MessageRejected", message: "Email address is not verified.", requestID: "req-1"))
    }

    @Test func codeComesFromTheJSONTypeWithoutItsNamespace() {
        let parsed = SESErrorResponse(Self.response(body: #"{"__type":"com.amazonaws.sesv2#SendingPausedException","Message":"Sending is paused."}"#))
        #expect(parsed.code == "SendingPausedException")
        #expect(parsed.message == "Sending is paused.")
    }

    @Test func codeComesFromAJSONCodeMember() {
        let parsed = SESErrorResponse(Self.response(status: 403, body: #"{"code":"ExpiredToken","message":"The security token included in the request is expired"}"#))
        #expect(parsed.code == "ExpiredToken")
        #expect(parsed.message == "The security token included in the request is expired")
    }

    @Test func codeAndMessageComeFromAnXMLErrorResponse() {
        let parsed = SESErrorResponse(Self.response(status: 403, body: """
            <ErrorResponse><Error>
              <Code>SignatureDoesNotMatch</Code>
              <Message>The request signature we calculated does not match the signature you provided.</Message>
            </Error><RequestId>xml-req</RequestId></ErrorResponse>
            """))
        #expect(parsed == SESErrorResponse(
            status: 403,
            code: "SignatureDoesNotMatch",
            message: "The request signature we calculated does not match the signature you provided.",
            requestID: "xml-req"
        ))
    }

    @Test func answerWithoutCodeKeepsItsStatus() {
        let parsed = SESErrorResponse(Self.response(status: 502, body: "<html>Bad Gateway</html>"))
        #expect(parsed.code == nil)
        #expect(parsed.status == 502)
        #expect(SESError(reason: .service(parsed), attempts: 1).isRetryable)
    }

    @Test func descriptionNamesStatusCodeMessageAndRequest() {
        let error = SESError(reason: .service(SESErrorResponse(status: 400, code: "MessageRejected", message: "Not verified.", requestID: "r-9")), attempts: 1)
        #expect(error.description == "SES refused the message: HTTP 400 MessageRejected: Not verified. [request r-9] (1 attempt, not retryable)")
    }
}
