@testable import CurlHTTP
import Testing

/// Every answer is bounded: a body by the request's limit (1 MiB unless raised), a header by
/// `HTTPResponse`'s, however long the server goes on.
@Suite struct ResponseLimitTests {
    private func get(_ server: EndlessAnswerServer) -> HTTPRequest {
        HTTPRequest(method: .get, url: "http://127.0.0.1:\(server.port)/", timeout: .seconds(30))
    }

    @Test func endlessBodyFailsAsTooLargeAtTheDefaultLimit() throws {
        let chunk = String(repeating: "a", count: 0x4000)
        let server = try EndlessAnswerServer(
            head: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            filler: "4000\r\n\(chunk)\r\n")

        #expect {
            try HTTPClient().execute(get(server))
        } throws: { error in
            let error = error as? HTTPClientError
            return error?.kind == .responseTooLarge && error?.message == "response body exceeds 1048576 bytes"
        }
        // The client hung up long before the server's safety limit: it read no further than its own.
        let outcome = try #require(server.waitUntilFinished())
        #expect(outcome.clientHungUp)
        #expect(outcome.bytesWritten < 32 << 20)
    }

    /// Header streams that never reach the blank line ending the header.
    enum EndlessHeader: String, CaseIterable, CustomTestStringConvertible {
        case longFields, manyShortFields, interimResponses

        var head: String { self == .interimResponses ? "" : "HTTP/1.1 200 OK\r\n" }
        var filler: String {
            switch self {
            case .longFields: "X-Filler: \(String(repeating: "f", count: 1000))\r\n"
            case .manyShortFields: "X-Filler: f\r\n"
            case .interimResponses: "HTTP/1.1 100 Continue\r\n\r\n"
            }
        }
        var expectedMessage: String {
            switch self {
            case .longFields, .interimResponses: "response header exceeds 65536 bytes"
            case .manyShortFields: "response header has more than 256 fields"
            }
        }
        var testDescription: String { rawValue }
    }

    @Test(arguments: EndlessHeader.allCases)
    func endlessHeaderFailsAsTooLarge(_ header: EndlessHeader) throws {
        let server = try EndlessAnswerServer(head: header.head, filler: header.filler)

        #expect {
            try HTTPClient().execute(get(server))
        } throws: { error in
            let error = error as? HTTPClientError
            return error?.kind == .responseTooLarge && error?.message == header.expectedMessage
        }
        let outcome = try #require(server.waitUntilFinished())
        #expect(outcome.clientHungUp)
    }
}
