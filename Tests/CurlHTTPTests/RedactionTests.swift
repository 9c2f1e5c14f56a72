@testable import CurlHTTP
import Testing

/// Credentials never appear when a request, a response or a header set is printed, dumped or reflected.
@Suite struct RedactionTests {
    private static let secrets = [
        ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ses/aws4_request, Signature=c0ffee"),
        ("x-amz-security-token", "session-token-secret"),
        ("X-AMZ-SECURITY-TOKEN", "upper-case-token-secret"),
        ("Cookie", "session=cookie-secret"),
        ("Proxy-Authorization", "Basic proxy-secret"),
        ("X-Api-Key", "api-key-secret"),
    ]

    private var headers: HTTPHeaders {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for (name, value) in Self.secrets {
            headers.add(name: name, value: value)
        }
        return headers
    }

    /// Every way Swift turns a value into text.
    private func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    private func expectRedacted(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for (_, secret) in Self.secrets {
            #expect(!text.contains(secret), "\(text)", sourceLocation: sourceLocation)
        }
        #expect(text.contains("<redacted>"), sourceLocation: sourceLocation)
        #expect(text.contains("application/json"), "other fields stay readable", sourceLocation: sourceLocation)
    }

    @Test func requestPrintsNoCredential() {
        let request = HTTPRequest(method: .post, url: "https://email.us-east-1.amazonaws.com/v2/email/outbound-emails",
                                  headers: headers, body: Array("to someone@example.com".utf8), timeout: .seconds(5))

        for text in renderings(request) {
            expectRedacted(text)
            #expect(!text.contains("someone@example.com"), "the body is shown as its size only")
        }
        #expect(request.description.hasPrefix("POST https://email.us-east-1.amazonaws.com/v2/email/outbound-emails ["))
        #expect(request.description.hasSuffix("] body 22 bytes"))
    }

    @Test func headerSetPrintsNoCredential() {
        for text in renderings(headers) {
            expectRedacted(text)
        }
        #expect(headers.description.contains("Authorization: <redacted>"))
        #expect(headers.description.contains("x-amz-security-token: <redacted>"))
    }

    @Test func fieldPrintsNoCredential() {
        for field in headers where field.name != "Content-Type" {
            for text in renderings(field) {
                #expect(!text.contains(field.value), "\(text)")
                #expect(text.contains("<redacted>"))
            }
        }
    }

    @Test func responsePrintsNoSessionCookie() {
        var headers = headers
        headers.add(name: "Set-Cookie", value: "session=set-cookie-secret")
        let response = HTTPResponse(status: 200, headers: headers, body: Array("body".utf8))

        for text in renderings(response) {
            expectRedacted(text)
            #expect(!text.contains("set-cookie-secret"))
        }
    }

    @Test func fieldNamesAreMatchedWithoutRegardToCase() {
        #expect(HTTPHeaders.isSensitive("AUTHORIZATION"))
        #expect(HTTPHeaders.isSensitive("X-Amz-Security-Token"))
        #expect(HTTPHeaders.isSensitive("x-api-key"))
        #expect(!HTTPHeaders.isSensitive("X-Amz-Date"))
        #expect(!HTTPHeaders.isSensitive("Authorization-Hint"))
    }

    @Test func sentFieldsKeepTheirValues() {
        #expect(headers["Authorization"] == Self.secrets[0].1)
        #expect(headers.fields.map(\.value).contains("api-key-secret"))
    }
}
