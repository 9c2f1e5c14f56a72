import Foundation

/// The counting proxy of `Tests/Oracles/counting_proxy.py`: forwards TCP connections to a real
/// server byte for byte and counts the HTTP requests that pass, so that a test learns how many
/// requests a client really sent. It exits when this object goes away.
public final class CountingProxy: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`, to use instead of the target's endpoint.
    public let endpoint: String
    private let process: Process
    private let input: Pipe
    private let output: FileHandle
    private let lock = NSLock()

    /// Starts a proxy to `target`, an `http://host:port` endpoint.
    public init(to target: String) throws {
        guard let url = URL(string: target), let host = url.host, let port = url.port else { throw BadTarget(target: target) }
        process = try PythonOracle.process(running: "counting_proxy.py", arguments: ["\(host):\(port)"])
        input = Pipe()
        let pipe = Pipe()
        process.standardInput = input
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        output = pipe.fileHandleForReading
        struct Started: Decodable { var endpoint: String }
        endpoint = try JSONDecoder().decode(Started.self, from: Self.readLine(output)).endpoint
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// How many requests have gone through so far.
    public func requestCount() throws -> Int {
        try lock.withLock {
            input.fileHandleForWriting.write(Data("count\n".utf8))
            let line = try Self.readLine(output)
            guard let count = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw ProxyExited()
            }
            return count
        }
    }

    private static func readLine(_ handle: FileHandle) throws -> Data {
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            guard let byte = try handle.read(upToCount: 1), !byte.isEmpty else { throw ProxyExited() }
            line.append(byte)
        }
        return line
    }

    public struct BadTarget: Error, CustomStringConvertible {
        public var target: String
        public var description: String { "counting proxy: \(target) is not an http://host:port endpoint" }
    }

    public struct ProxyExited: Error, CustomStringConvertible {
        public var description: String { "counting_proxy.py exited" }
    }
}
