import Foundation
import Testing

/// A plain TCP connection to 127.0.0.1, for what an HTTP client hides: malformed requests, and
/// telling an orderly close from a reset.
final class RawConnection {
    enum Ending: Equatable {
        /// The server closed in order (FIN): `recv` returned 0.
        case closed
        /// The server reset the connection (RST).
        case reset
        /// Nothing ended the connection within the wait.
        case stillOpen
    }

    private let socket: Int32

    init(port: UInt16) throws {
        socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0, "connect failed: errno \(errno)")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(socket)
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Foundation.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `terminator` has arrived (or the connection ends); returns everything read.
    func read(through terminator: String) -> String {
        var received = [UInt8]()
        var byte: UInt8 = 0
        while !received.ends(with: Array(terminator.utf8)) {
            guard recv(socket, &byte, 1, 0) == 1 else { break }
            received.append(byte)
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Reads until the server ends the connection (or 5 s pass); returns what arrived and how it ended.
    func readToEnd() -> (text: String, ending: Ending) {
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: chunk[0..<count])
                continue
            }
            let ending: Ending = count == 0 ? .closed : (errno == ECONNRESET ? .reset : .stillOpen)
            return (String(decoding: received, as: UTF8.self), ending)
        }
    }
}

extension Array where Element: Equatable {
    fileprivate func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
