import CCurl
@testable import CurlHTTP
import Foundation
import LoopbackHTTP
import Synchronization
import Testing

/// libcurl calls that fail, which no real server can cause: each fails its requests with a typed
/// error that says whether they may have reached the server, and the client lives on.
@Suite struct LibcurlFailureTests {
    /// What a ``RecordingServer`` received, shared with its handler.
    private final class ReceivedRequests: Sendable {
        private let requests = Mutex<[HTTPServerRequest]>([])

        func append(_ request: HTTPServerRequest) {
            requests.withLock { $0.append(request) }
        }

        var all: [HTTPServerRequest] { requests.withLock { $0 } }
    }

    /// A loopback server that answers every request with its body and remembers what it received.
    private struct RecordingServer {
        let received = ReceivedRequests()
        let server: HTTPServer

        init(delay: Duration = .zero) throws {
            let received = received
            server = try HTTPServer { request in
                received.append(request)
                return HTTPServerResponse(status: 200, body: request.body, delay: delay)
            }
        }

        func request(_ body: String, headers: HTTPHeaders = [:]) -> HTTPRequest {
            HTTPRequest(method: .post, url: "http://127.0.0.1:\(server.port)/", headers: headers, body: Array(body.utf8), timeout: .seconds(20))
        }

        var receivedBodies: Set<String> {
            Set(received.all.map { String(decoding: $0.body, as: UTF8.self) })
        }
    }

    /// The real calls, but the `failing`-th call (counting from 1) of the kind `replace` swaps in fails.
    private func calls(_ replace: (inout CurlCalls, @escaping @Sendable () -> Bool) -> Void, failing: Int) -> CurlCalls {
        let count = Atomic(0)
        let shouldFail: @Sendable () -> Bool = { count.add(1, ordering: .relaxed).newValue == failing }
        var calls = CurlCalls.libcurl
        replace(&calls, shouldFail)
        return calls
    }

    @Test func refusedAddFailsOnlyThatRequestAsNeverSent() throws {
        let server = try RecordingServer()
        let curl = calls({ calls, shouldFail in
            calls.multiAddHandle = { shouldFail() ? CURLM_OUT_OF_MEMORY : curl_multi_add_handle($0, $1) }
        }, failing: 2)
        let client = HTTPClient(configuration: .init(useProxy: false), curl: curl)

        let results = client.executeAll(["0", "1", "2"].map { server.request($0) }, maxConcurrent: 3)

        #expect((try? results[0].get().body) == Array("0".utf8))
        #expect((try? results[2].get().body) == Array("2".utf8))
        #expect {
            try results[1].get()
        } throws: { error in
            let error = error as? HTTPClientError
            return error?.kind == .couldNotConnect && error?.mayHaveReachedServer == false
                && error?.message == "curl_multi_add_handle failed: Out of memory"
        }
        #expect(server.receivedBodies == ["0", "2"])
    }

    @Test func failedHeaderAppendFailsTheRequestBeforeItIsSent() throws {
        let server = try RecordingServer()
        let curl = calls({ calls, shouldFail in
            calls.slistAppend = { list, line in
                line.hasPrefix("Authorization:") && shouldFail() ? nil : curl_slist_append(list, line)
            }
        }, failing: 1)
        let client = HTTPClient(configuration: .init(useProxy: false), curl: curl)
        let signed = server.request("signed", headers: ["X-Amz-Date": "20260101T000000Z", "Authorization": "AWS4-HMAC-SHA256 signature", "X-Trace": "1"])

        #expect {
            try client.execute(signed)
        } throws: { error in
            let error = error as? HTTPClientError
            return error?.kind == .couldNotConnect && error?.mayHaveReachedServer == false
                && error?.message == "curl_slist_append failed: could not set the request's header fields"
        }
        #expect(server.received.all.isEmpty)

        // The same client and its pooled handle send the request whole once the list can be built.
        _ = try client.execute(signed)
        let received = try #require(server.received.all.first)
        #expect(received.headers["Authorization"] == "AWS4-HMAC-SHA256 signature")
        #expect(received.headers["X-Trace"] == "1")
    }

    @Test func failedPerformFailsTheTransfersInFlightAndTheClientLivesOn() throws {
        let server = try RecordingServer()
        let curl = calls({ calls, shouldFail in
            calls.multiPerform = { shouldFail() ? CURLM_INTERNAL_ERROR : curl_multi_perform($0, &$1) }
        }, failing: 1)
        let client = HTTPClient(configuration: .init(useProxy: false), curl: curl)

        let results = client.executeAll(["0", "1"].map { server.request($0) }, maxConcurrent: 2)

        for result in results {
            #expect {
                try result.get()
            } throws: { error in
                let error = error as? HTTPClientError
                return error?.kind == .other && error?.mayHaveReachedServer == true
                    && error?.message == "curl_multi_perform failed: Internal error"
            }
        }
        #expect(try client.execute(server.request("after")).body == Array("after".utf8))
    }

    @Test func failedPollFailsTheTransfersInFlightAndTheRestAreSent() throws {
        // The delay keeps the first transfer running when the loop first waits.
        let server = try RecordingServer(delay: .milliseconds(200))
        let curl = calls({ calls, shouldFail in
            calls.multiPoll = { shouldFail() ? CURLM_UNRECOVERABLE_POLL : curl_multi_poll($0, nil, 0, $1, nil) }
        }, failing: 1)
        let client = HTTPClient(configuration: .init(useProxy: false), curl: curl)

        let results = client.executeAll(["0", "1"].map { server.request($0) }, maxConcurrent: 1)

        #expect {
            try results[0].get()
        } throws: { error in
            let error = error as? HTTPClientError
            return error?.kind == .other && error?.mayHaveReachedServer == true
                && error?.message == "curl_multi_poll failed: Unrecoverable error in select/poll"
        }
        #expect((try? results[1].get().body) == Array("1".utf8))
    }
}
