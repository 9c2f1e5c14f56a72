import Foundation
import LoopbackHTTP

extension HTTPServerResponse {
    /// S3's answer to a GetObject that found the object.
    static func s3Object(_ body: String, etag: String = #""5d41402abc4b2a76b9719d911017c592""#) -> HTTPServerResponse {
        HTTPServerResponse(
            status: 200,
            headers: ["ETag": etag, "Content-Type": "text/plain; charset=utf-8", "x-amz-request-id": "found-request"],
            body: Data(body.utf8)
        )
    }

    /// An error the way S3 sends it: an XML document with the code and message.
    static func s3Error(status: Int, code: String, message: String) -> HTTPServerResponse {
        HTTPServerResponse(
            status: status,
            headers: ["Content-Type": "application/xml", "x-amz-request-id": "failed-request"],
            body: Data("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>\(code)</Code><Message>\(message)</Message><RequestId>failed-request</RequestId></Error>
                """.utf8)
        )
    }

    /// A `200` whose body of `size` bytes is sent in chunks, so its length is known only once it has
    /// all arrived. The server's own `Content-Length` is overridden by `Transfer-Encoding: chunked`,
    /// as RFC 9112 §6.3 requires of the client.
    static func s3ChunkedObject(size: Int) -> HTTPServerResponse {
        var body = Data()
        var left = size
        while left > 0 {
            let chunk = min(left, 4096)
            body.append(Data("\(String(chunk, radix: 16))\r\n".utf8))
            body.append(Data(repeating: UInt8(ascii: "x"), count: chunk))
            body.append(Data("\r\n".utf8))
            left -= chunk
        }
        body.append(Data("0\r\n\r\n".utf8))
        return HTTPServerResponse(status: 200, headers: ["ETag": #""chunked""#, "Transfer-Encoding": "chunked"], body: body)
    }
}
