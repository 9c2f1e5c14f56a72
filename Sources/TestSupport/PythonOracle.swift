import Foundation

/// Runs the Python 3 oracle scripts in `Tests/Oracles` and hands back what they print.
///
/// Standard input and standard error go through temporary files rather than pipes,
/// so a multi-megabyte message or a chatty script can never deadlock the test.
public enum PythonOracle {
    /// The Python that runs every oracle, moto included: `$NOTIFIER_PYTHON` when set (scripts/test
    /// sets it), otherwise the project's virtual environment `.venv-test/bin/python3`, which
    /// `scripts/install-deps` makes with the oracles' pinned packages. Never the `python3` on PATH.
    ///
    /// Throws ``MissingInterpreter`` when there is no executable there, so a test that needs an
    /// oracle fails, in CI and out of it.
    public static func interpreter() throws(MissingInterpreter) -> URL {
        let path = ProcessInfo.processInfo.environment["NOTIFIER_PYTHON"]
            ?? packageRoot.appendingPathComponent(".venv-test/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw MissingInterpreter(path: path) }
        return URL(fileURLWithPath: path)
    }

    /// A process that runs `script` in `Tests/Oracles` with ``interpreter()``; not yet started.
    public static func process(running script: String, arguments: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = try interpreter()
        process.arguments = [directory.appendingPathComponent(script).path] + arguments
        return process
    }

    /// `Tests/Oracles`, found from this file's own path so tests run from any working directory.
    public static let directory = packageRoot.appendingPathComponent("Tests/Oracles")

    /// The package's root folder.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs `script` with `arguments`, `input` on its standard input, and returns its standard output.
    public static func run(_ script: String, arguments: [String] = [], input: [UInt8] = []) throws -> Data {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputURL = scratch.appendingPathComponent("stdin")
        let errorsURL = scratch.appendingPathComponent("stderr")
        try Data(input).write(to: inputURL)
        try Data().write(to: errorsURL)

        let process = try Self.process(running: script, arguments: arguments)
        let output = Pipe()
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorsURL)
        try process.run()
        // Read before waiting: a large output would otherwise fill the pipe and stall the script.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errorsURL, encoding: .utf8)) ?? ""
            throw Failure(script: script, status: process.terminationStatus, stderr: errors)
        }
        return printed
    }

    /// Runs `script` and decodes the JSON it prints as `T`.
    public static func decode<T: Decodable>(_ type: T.Type, from script: String, arguments: [String] = [], input: [UInt8] = []) throws -> T {
        try JSONDecoder().decode(T.self, from: run(script, arguments: arguments, input: input))
    }

    /// The oracles' Python is not there.
    public struct MissingInterpreter: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "no Python at \(path): run scripts/install-deps (it makes .venv-test), or set NOTIFIER_PYTHON" }
    }

    /// The script exited with a failure status.
    public struct Failure: Error, CustomStringConvertible {
        public var script: String
        public var status: Int32
        public var stderr: String
        public var description: String { "\(script) exited with status \(status): \(stderr)" }
    }
}
