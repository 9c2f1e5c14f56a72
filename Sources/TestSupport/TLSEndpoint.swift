import Foundation

/// The HTTPS fake of SES v2, `Tests/Oracles/ses_https_endpoint.py`, with a self-signed certificate
/// for 127.0.0.1 that no CA bundle trusts, answering like SES v2 and counting what it served.
public final class TLSEndpoint: @unchecked Sendable {
    /// `https://127.0.0.1:PORT`.
    public let endpoint: String
    /// The PEM certificate, to trust it explicitly.
    public let certificatePath: String
    private let process: Process
    private let input: Pipe
    private let output: FileHandle
    private let lock = NSLock()

    public init() throws {
        process = try PythonOracle.process(running: "ses_https_endpoint.py")
        input = Pipe()
        let pipe = Pipe()
        process.standardInput = input
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        output = pipe.fileHandleForReading
        struct Started: Decodable { var endpoint: String; var certificate: String }
        let started = try JSONDecoder().decode(Started.self, from: Self.readLine(output))
        endpoint = started.endpoint
        certificatePath = started.certificate
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// How many requests the endpoint answered.
    public func servedCount() throws -> Int {
        try lock.withLock {
            input.fileHandleForWriting.write(Data("count\n".utf8))
            return Int(String(decoding: try Self.readLine(output), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
    }

    private static func readLine(_ handle: FileHandle) throws -> Data {
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            guard let byte = try handle.read(upToCount: 1), !byte.isEmpty else { throw EndpointExited() }
            line.append(byte)
        }
        return line
    }

    public struct EndpointExited: Error, CustomStringConvertible {
        public var description: String { "ses_https_endpoint.py exited" }
    }
}
