import Foundation
import LoopbackHTTP

extension HTTPServerResponse {
    /// SES's answer to an accepted message.
    static func sesAccepted(messageID: String) -> HTTPServerResponse {
        HTTPServerResponse(
            status: 200,
            headers: ["Content-Type": "application/json", "x-amzn-RequestId": "accepted-request"],
            body: Data(#"{"MessageId":"\#(messageID)"}"#.utf8)
        )
    }

    /// An error the way SES v2 (rest-json) sends it: the code in `x-amzn-ErrorType`, the message in the body.
    static func sesError(status: Int, code: String, message: String) -> HTTPServerResponse {
        HTTPServerResponse(
            status: status,
            headers: [
                "Content-Type": "application/json",
                "x-amzn-ErrorType": "\(code):http://internal.amazon.com/coral/com.amazonaws.sesv2/",
                "x-amzn-RequestId": "failed-request",
            ],
            body: Data(#"{"message":"\#(message)"}"#.utf8)
        )
    }
}
