import CurlHTTP
import Foundation
import LoopbackHTTP
import Synchronization
import Testing

/// The loopback HTTP/1.1 server the Runtime API server and other test servers stand on.
@Suite struct HTTPServerTests {
    private func echoServer() throws -> HTTPServer {
        try HTTPServer { request in
            HTTPServerResponse(status: 200, headers: ["X-Connection": String(request.connectionNumber)], body: request.body)
        }
    }

    private func url(_ server: HTTPServer, _ path: String) -> String {
        "http://127.0.0.1:\(server.port)\(path)"
    }

    @Test func listensOnAnEphemeralLoopbackPort() throws {
        let server = try echoServer()
        defer { server.shutdown() }

        #expect(server.port != 0)
        let response = try HTTPClient().execute(HTTPRequest(method: .get, url: url(server, "/"), timeout: .seconds(5)))
        #expect(response.status == 200)
    }

    @Test func requestCarriesMethodPathQueryHeadersAndBody() throws {
        let seen = Mutex<HTTPServerRequest?>(nil)
        let server = try HTTPServer { request in
            seen.withLock { $0 = request }
            return HTTPServerResponse(status: 204)
        }
        defer { server.shutdown() }

        _ = try HTTPClient().execute(HTTPRequest(
            method: .put,
            url: url(server, "/mail/outbox?draft=1&to=a%40b"),
            headers: ["X-Mail-Priority": "high"],
            body: Array("body bytes".utf8),
            timeout: .seconds(5)
        ))

        let request = try #require(seen.withLock { $0 })
        #expect(request.method == "PUT")
        #expect(request.path == "/mail/outbox")
        #expect(request.query == "draft=1&to=a%40b")
        #expect(request.headers["x-mail-priority"] == "high")
        #expect(request.headers["X-MAIL-PRIORITY"] == "high")
        #expect(request.body == Data("body bytes".utf8))
    }

    @Test func keptAliveConnectionServesRequestsOneAfterAnother() throws {
        let server = try echoServer()
        defer { server.shutdown() }
        let client = HTTPClient()

        for index in 1...20 {
            let response = try client.execute(HTTPRequest(method: .post, url: url(server, "/"), body: Array("\(index)".utf8), timeout: .seconds(5)))
            #expect(response.body == Array("\(index)".utf8))
            #expect(response.headers["X-Connection"] == "1")
        }
        #expect(server.acceptedConnectionCount == 1)
    }

    @Test func connectionCloseRequestEndsTheConnectionAfterTheAnswer() throws {
        let server = try echoServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)

        connection.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let (text, ending) = connection.readToEnd()

        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(ending == .closed)
    }

    @Test func largeBodiesArriveAndReturnByteExact() throws {
        let server = try echoServer()
        defer { server.shutdown() }
        let body = randomBytes(count: 8 * 1024 * 1024 + 3)

        let response = try HTTPClient().execute(HTTPRequest(
            method: .post, url: url(server, "/"), body: Array(body), timeout: .seconds(20), maximumResponseBodySize: body.count))

        #expect(response.body == Array(body))
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try echoServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)

        connection.send("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nonePOST / HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\ntwo")
        let (text, _) = connection.readToEnd()

        let one = try #require(text.range(of: "\r\n\r\none"))
        let two = try #require(text.range(of: "\r\n\r\ntwo"))
        #expect(one.upperBound < two.lowerBound)
    }

    @Test func closeActionEndsTheConnectionWithoutAnAnswer() throws {
        let server = try HTTPServer { _ in .close() }
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)

        connection.send("GET / HTTP/1.1\r\n\r\n")
        let (text, ending) = connection.readToEnd()

        #expect(text.isEmpty)
        #expect(ending == .closed)
    }

    @Test func resetActionResetsTheConnectionWithoutAnAnswer() throws {
        let server = try HTTPServer { _ in .reset() }
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)

        connection.send("GET / HTTP/1.1\r\n\r\n")
        let (text, ending) = connection.readToEnd()

        #expect(text.isEmpty)
        #expect(ending == .reset)
    }

    @Test func droppedConnectionIsAConnectionLossToTheClient() throws {
        let server = try HTTPServer { _ in .close() }
        defer { server.shutdown() }

        #expect {
            try HTTPClient().execute(HTTPRequest(method: .get, url: url(server, "/"), timeout: .seconds(5)))
        } throws: { error in
            (error as? HTTPClientError)?.kind == .connectionLost
        }
    }

    @Test func delayedAnswerArrivesAfterTheDelay() throws {
        let server = try HTTPServer { _ in HTTPServerResponse(status: 200, delay: .milliseconds(300)) }
        defer { server.shutdown() }

        let start = ContinuousClock.now
        let response = try HTTPClient().execute(HTTPRequest(method: .get, url: url(server, "/"), timeout: .seconds(5)))

        #expect(response.status == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
    }

    @Test func chunkedRequestBodyIsRefusedWith411() throws {
        let server = try echoServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)

        connection.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        let (text, ending) = connection.readToEnd()

        #expect(text.hasPrefix("HTTP/1.1 411 Length Required\r\n"))
        #expect(ending == .closed)
    }

    @Test func malformedRequestIsRefusedWith400() throws {
        let server = try echoServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)

        connection.send("NONSENSE\r\n\r\n")
        let (text, ending) = connection.readToEnd()

        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(ending == .closed)
    }

    @Test func conflictingContentLengthsAreRefusedWith400() throws {
        let server = try echoServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)

        connection.send("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
        let (text, _) = connection.readToEnd()

        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
    }

    @Test func concurrentConnectionsAreServedAtTheSameTime() throws {
        let server = try HTTPServer { request in
            HTTPServerResponse(status: 200, body: request.body, delay: .milliseconds(200))
        }
        defer { server.shutdown() }
        let requests = (0..<40).map {
            HTTPRequest(method: .post, url: url(server, "/"), body: Array("\($0)".utf8), timeout: .seconds(20))
        }

        let results = HTTPClient().executeAll(requests, maxConcurrent: 40)

        for (index, result) in results.enumerated() {
            #expect((try? result.get().body) == Array("\(index)".utf8))
        }
        #expect(server.acceptedConnectionCount == 40)
    }

    @Test func shutdownClosesIdleConnectionsAndReturns() throws {
        let server = try echoServer()
        let connection = try RawConnection(port: server.port)
        connection.send("GET / HTTP/1.1\r\n\r\n")
        #expect(connection.read(through: "\r\n\r\n").hasPrefix("HTTP/1.1 200 OK\r\n"))

        server.shutdown()

        #expect(connection.readToEnd() == ("", .closed))
    }

    @Test func shutdownEndsADelayEarly() throws {
        let server = try HTTPServer { _ in HTTPServerResponse(status: 200, delay: .seconds(60)) }
        let connection = try RawConnection(port: server.port)
        connection.send("GET / HTTP/1.1\r\n\r\n")
        let accepted = ContinuousClock.now + .seconds(10)
        while server.acceptedConnectionCount == 0 && ContinuousClock.now < accepted { usleep(1_000) }

        let start = ContinuousClock.now
        server.shutdown()

        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(connection.readToEnd() == ("", .closed))
    }

    @Test func stoppedServerRefusesNewConnections() throws {
        let server = try echoServer()
        let port = server.port
        server.shutdown()

        #expect {
            try HTTPClient().execute(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/", timeout: .seconds(5)))
        } throws: { error in
            (error as? HTTPClientError)?.kind == .couldNotConnect
        }
    }
}
