import Foundation
import Synchronization

/// A fault server for what LoopbackHTTP's `HTTPServer`, which always answers with a complete
/// response, cannot produce: an answer that never ends. It accepts one connection on 127.0.0.1,
/// reads the request head, writes `head` and then `filler` over and over until the client hangs
/// up, or until `safetyLimit` bytes, so that a client without a limit cannot exhaust the machine.
final class EndlessAnswerServer: Sendable {
    let port: UInt16
    private let listener: Int32
    /// Bytes written, and whether the client hung up (rather than the safety limit ending it).
    private let outcome = Mutex<(bytesWritten: Int, clientHungUp: Bool)?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    init(head: String, filler: String, safetyLimit: Int = 128 << 20) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 1) == 0 else {
            close(listener)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener

        Thread.detachNewThread { [self] in
            let connection = accept(self.listener, nil, nil)
            defer {
                close(connection)
                finished.signal()
            }
            guard connection >= 0 else { return }
            readRequestHead(connection)
            var written = 0
            var hungUp = false
            var pending = Array(head.utf8)
            let filler = Array(filler.utf8)
            while written < safetyLimit {
                if pending.isEmpty { pending = filler }
                let sent = pending.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else {
                    hungUp = true
                    break
                }
                written += sent
                pending.removeFirst(sent)
            }
            outcome.withLock { $0 = (written, hungUp) }
        }
    }

    deinit {
        close(listener)
    }

    /// How many bytes the server wrote, and whether it stopped because the client hung up; `nil`
    /// when it has not finished within 30 seconds.
    func waitUntilFinished() -> (bytesWritten: Int, clientHungUp: Bool)? {
        guard finished.wait(timeout: .now() + 30) == .success else { return nil }
        return outcome.withLock { $0 }
    }
}

/// Reads one byte at a time up to the blank line that ends a request head.
private func readRequestHead(_ connection: Int32) {
    var received: [UInt8] = []
    var byte: UInt8 = 0
    while !received.ends(with: Array("\r\n\r\n".utf8)), recv(connection, &byte, 1, 0) == 1 {
        received.append(byte)
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
