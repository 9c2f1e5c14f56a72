import Glibc

/// A small threaded HTTP/1.1 server on 127.0.0.1, for tests and local developer tools.
///
/// Every accepted connection gets its own thread, which reads requests one after another on the
/// kept-alive connection and answers each with what `handler` returns. Request bodies must carry a
/// `Content-Length` (a chunked request is refused with 411, a malformed head with 400). The
/// handler may block, for instance to long-poll, but must return once whatever it waits for is
/// stopped; shutting down does not interrupt a running handler.
///
/// Sockets are opened close-on-exec so that child processes started by tests inherit none.
public final class HTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPServerRequest) -> HTTPServerResponse

    /// The port the server listens on; the one the system chose when started with port 0.
    public let port: UInt16
    private let listener: Int32
    private let state: WaitableMutex<ServerState>

    /// Binds 127.0.0.1:`port` (0 for an ephemeral port) and starts accepting connections.
    public init(port: UInt16 = 0, handler: @escaping Handler) throws(HTTPServerError) {
        listener = try openListener(port: port)
        do {
            self.port = try boundPort(of: listener)
        } catch {
            close(listener)
            throw error
        }
        let state = WaitableMutex(ServerState())
        self.state = state
        let listener = listener
        do {
            let thread = try startThread(detached: false) {
                acceptConnections(listener: listener, state: state, handler: handler)
            }
            state.withLock { $0.acceptThread = thread }
        } catch {
            // Marked stopped so that `deinit`, which runs for this half-made server, leaves the
            // closed descriptor alone.
            state.withLock { $0.isStopping = true }
            close(listener)
            throw error
        }
    }

    deinit {
        shutdown()
    }

    /// How many connections the server has accepted since it started.
    public var acceptedConnectionCount: Int {
        state.withLock { $0.acceptedConnections }
    }

    /// Stops accepting, ends every open connection (a client waiting for an answer sees the
    /// connection close), and returns once every server thread has finished. Calling it again
    /// does nothing. Must not be called from a handler, which would wait for itself.
    public func shutdown() {
        let acceptThread = state.withLock { state -> pthread_t? in
            if !state.isStopping {
                state.isStopping = true
                // Wakes the thread blocked in accept(2).
                Glibc.shutdown(listener, Int32(SHUT_RDWR))
                for connection in state.openConnections {
                    Glibc.shutdown(connection, Int32(SHUT_RDWR))
                }
            }
            defer { state.acceptThread = nil }
            return state.acceptThread
        }
        if let acceptThread {
            pthread_join(acceptThread, nil)
            close(listener)
        }
        _ = state.wait(timeout: nil) { $0.runningConnections == 0 ? () : nil }
    }
}

/// What the accepting and connection threads share with ``HTTPServer``.
struct ServerState: Sendable {
    var isStopping = false
    var acceptThread: pthread_t?
    /// Descriptors of connections whose threads are running; each thread closes its own, under the
    /// lock, so that `shutdown` never touches a descriptor number the system has reused.
    var openConnections: Set<Int32> = []
    var runningConnections = 0
    var acceptedConnections = 0
}

private func acceptConnections(
    listener: Int32,
    state: WaitableMutex<ServerState>,
    handler: @escaping HTTPServer.Handler
) {
    while true {
        let socket = accept(listener, nil, nil)
        guard socket >= 0 else {
            let error = errno
            if state.withLock({ $0.isStopping }) { return }
            if error != EINTR && error != ECONNABORTED {
                // Out of descriptors or memory: give running connections a moment to end.
                usleep(10_000)
            }
            continue
        }
        let number = state.withLock { state -> Int? in
            guard !state.isStopping else { return nil }
            state.openConnections.insert(socket)
            state.runningConnections += 1
            state.acceptedConnections += 1
            return state.acceptedConnections
        }
        guard let number else {
            close(socket)
            return
        }
        // Glibc's module hides accept4(2); a process spawned in the instant between accept and this
        // call could still inherit the socket.
        _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
        var noDelay: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        do {
            _ = try startThread(detached: true) {
                Connection(socket: socket, number: number, handler: handler, state: state).run()
            }
        } catch {
            Connection.closeSocket(socket, ending: .close, state: state)
        }
    }
}

private func openListener(port: UInt16) throws(HTTPServerError) -> Int32 {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard listener >= 0 else { throw HTTPServerError(operation: "socket", errno: errno) }
    var reuse: Int32 = 1
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))

    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else {
        let error = HTTPServerError(operation: "bind", errno: errno)
        close(listener)
        throw error
    }
    guard listen(listener, SOMAXCONN) == 0 else {
        let error = HTTPServerError(operation: "listen", errno: errno)
        close(listener)
        throw error
    }
    return listener
}

private func boundPort(of listener: Int32) throws(HTTPServerError) -> UInt16 {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let result = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
    }
    guard result == 0 else { throw HTTPServerError(operation: "getsockname", errno: errno) }
    return UInt16(bigEndian: address.sin_port)
}
