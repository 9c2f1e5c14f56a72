import FoundationEssentials
import Glibc

/// One accepted connection, served on its own thread: reads requests one after another, hands each
/// to the handler and writes the answer, until the client closes, a request asks to close, or the
/// handler ends the connection.
final class Connection {
    enum Ending {
        /// An orderly close (FIN).
        case close
        /// An abortive close (RST).
        case reset
    }

    /// Larger heads are refused with 431; a test server never needs more.
    static let maximumHeadSize = 64 * 1024
    /// Larger bodies are refused with 413 rather than allocated.
    static let maximumBodySize = 256 * 1024 * 1024
    private static let readSize = 64 * 1024

    private let socket: Int32
    private let number: Int
    private let handler: HTTPServer.Handler
    private let state: WaitableMutex<ServerState>
    /// Bytes read but not yet consumed start at `start`; pipelined requests wait here.
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where `recv` writes before the bytes are appended to `buffer`, allocated once.
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: readSize, alignment: 1)

    init(socket: Int32, number: Int, handler: @escaping HTTPServer.Handler, state: WaitableMutex<ServerState>) {
        self.socket = socket
        self.number = number
        self.handler = handler
        self.state = state
    }

    deinit {
        scratch.deallocate()
    }

    /// Serves requests until the connection ends, then closes the socket.
    func run() {
        Self.closeSocket(socket, ending: serve(), state: state)
    }

    /// Closes `socket` and tells the server the connection is gone.
    static func closeSocket(_ socket: Int32, ending: Ending, state: WaitableMutex<ServerState>) {
        state.withLock { state in
            if ending == .reset {
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            }
            Glibc.close(socket)
            state.openConnections.remove(socket)
            state.runningConnections -= 1
        }
    }

    private func serve() -> Ending {
        while true {
            let request: HTTPServerRequest
            let keepAlive: Bool
            switch readRequest() {
            case .endOfStream:
                return .close
            case .refused(let status):
                refuse(status: status)
                return .close
            case .request(let received, let clientKeepsAlive):
                request = received
                keepAlive = clientKeepsAlive
            }

            let response = handler(request)
            if response.delay > .zero, waitUnlessStopping(response.delay) {
                return .close
            }
            switch response.action {
            case .close:
                return .close
            case .reset:
                return .reset
            case .answer:
                let closing = !keepAlive || response.headers.containsToken("close", in: "Connection")
                guard write(response, closing: closing), !closing else { return .close }
            }
        }
    }

    /// Sleeps for `duration`; `true` when the server began stopping meanwhile.
    private func waitUnlessStopping(_ duration: Duration) -> Bool {
        state.wait(timeout: duration) { $0.isStopping ? true : nil } ?? false
    }

    // MARK: - Reading

    private enum ReadResult {
        case request(HTTPServerRequest, keepAlive: Bool)
        case endOfStream
        /// The request cannot be served; answer with this status and close.
        case refused(status: Int)
    }

    private func readRequest() -> ReadResult {
        guard let headEnd = readHead() else {
            return buffer.count - start > Self.maximumHeadSize ? .refused(status: 431) : .endOfStream
        }
        let head = String(decoding: buffer[start..<headEnd], as: UTF8.self)
        start = headEnd + 4
        guard let parsed = RequestHead(parsing: head) else { return .refused(status: 400) }

        if parsed.headers["Transfer-Encoding"] != nil {
            return .refused(status: 411)
        }
        var bodySize = 0
        let lengths = Set(parsed.headers.values(of: "Content-Length"))
        if let length = lengths.first {
            guard lengths.count == 1, let size = Int(length), size >= 0 else { return .refused(status: 400) }
            guard size <= Self.maximumBodySize else { return .refused(status: 413) }
            bodySize = size
        }
        if bodySize > 0, parsed.headers.containsToken("100-continue", in: "Expect") {
            guard send([UInt8]("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return .endOfStream }
        }
        guard let body = readBody(count: bodySize) else { return .endOfStream }

        let request = HTTPServerRequest(
            method: parsed.method,
            path: parsed.path,
            query: parsed.query,
            headers: parsed.headers,
            body: body,
            connectionNumber: number
        )
        return .request(request, keepAlive: parsed.keepsAlive)
    }

    /// Reads until the buffer holds a whole request head; returns the index of its `\r\n\r\n`.
    private func readHead() -> Int? {
        // Counted from `start`, because `fill` may move the unconsumed bytes to the front.
        var searched = 0
        while true {
            if let end = indexOfHeadEnd(from: start + searched) { return end }
            let unconsumed = buffer.count - start
            if unconsumed > Self.maximumHeadSize { return nil }
            searched = max(0, unconsumed - 3)
            guard fill() else { return nil }
        }
    }

    private func indexOfHeadEnd(from index: Int) -> Int? {
        var i = index
        while i + 3 < buffer.count {
            if buffer[i] == 13, buffer[i + 1] == 10, buffer[i + 2] == 13, buffer[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    /// Appends what the socket has (up to 64 KiB) to the buffer; `false` at end of stream or error.
    private func fill() -> Bool {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= Self.readSize {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let received = receive(from: socket, into: scratch)
        guard received > 0 else { return false }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<received]))
        return true
    }

    /// The body, read straight into its final storage past what is already buffered; `nil` when the
    /// connection ends first.
    private func readBody(count: Int) -> Data? {
        guard count > 0 else { return Data() }
        let buffered = min(count, buffer.count - start)
        var body = Data(count: count)
        let complete = body.withUnsafeMutableBytes { target -> Bool in
            buffer.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + buffered]))
            }
            var filled = buffered
            while filled < count {
                let received = receive(from: self.socket, into: UnsafeMutableRawBufferPointer(rebasing: target[filled...]))
                guard received > 0 else { return false }
                filled += received
            }
            return true
        }
        start += buffered
        return complete ? body : nil
    }

    // MARK: - Writing

    private func write(_ response: HTTPServerResponse, closing: Bool) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(reasonPhrase(response.status))\r\n"
        for field in response.headers where !field.name.isSameHeaderName(as: "Content-Length") {
            head += "\(field.name): \(field.value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n"
        if closing && response.headers["Connection"] == nil {
            head += "Connection: close\r\n"
        }
        head += "\r\n"
        return response.body.withUnsafeBytes { body in
            [UInt8](head.utf8).withUnsafeBytes { head in send(head, body) }
        }
    }

    /// Answers a request that cannot be served, then closes without resetting: the client may still
    /// be sending a body nobody will read, and closing with unread data would send an RST that can
    /// destroy the answer before the client reads it.
    private func refuse(status: Int) {
        var response = HTTPServerResponse(status: status, body: Data(reasonPhrase(status).utf8))
        response.headers.add(name: "Content-Type", value: "text/plain")
        guard write(response, closing: true) else { return }
        Glibc.shutdown(socket, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var drained = 0
        while drained < 16 * Self.readSize {
            let received = receive(from: socket, into: scratch)
            guard received > 0 else { return }
            drained += received
        }
    }

    private func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send($0) }
    }

    /// Sends every part, gathered into as few `sendmsg` calls as the socket allows.
    private func send(_ parts: UnsafeRawBufferPointer...) -> Bool {
        var remaining = parts.filter { !$0.isEmpty }
        while !remaining.isEmpty {
            var vectors = remaining.map {
                iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
            }
            let sent = vectors.withUnsafeMutableBufferPointer { vectors in
                var message = msghdr()
                message.msg_iov = vectors.baseAddress
                message.msg_iovlen = vectors.count
                // MSG_NOSIGNAL: a vanished client must not kill the process with SIGPIPE.
                return sendmsg(socket, &message, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            var unaccounted = sent
            while unaccounted > 0 {
                if unaccounted >= remaining[0].count {
                    unaccounted -= remaining[0].count
                    remaining.removeFirst()
                } else {
                    remaining[0] = UnsafeRawBufferPointer(rebasing: remaining[0][unaccounted...])
                    unaccounted = 0
                }
            }
        }
        return true
    }
}

/// `recv(2)` retried on interruption: the byte count, 0 at end of stream, or -1 on error.
private func receive(from socket: Int32, into target: UnsafeMutableRawBufferPointer) -> Int {
    while true {
        let received = recv(socket, target.baseAddress, target.count, 0)
        if received < 0 && errno == EINTR { continue }
        return received
    }
}

private func reasonPhrase(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 202: "Accepted"
    case 204: "No Content"
    case 400: "Bad Request"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 410: "Gone"
    case 411: "Length Required"
    case 413: "Content Too Large"
    case 429: "Too Many Requests"
    case 431: "Request Header Fields Too Large"
    case 500: "Internal Server Error"
    case 502: "Bad Gateway"
    case 503: "Service Unavailable"
    case 504: "Gateway Timeout"
    default: "Status \(status)"
    }
}
