import Foundation
import RuntimeAPIServer
import Testing

/// The built `EchoLambda` executable running as a child process, pointed at a Runtime API.
///
/// Its standard output is captured in a temporary file; its standard error goes to the test
/// runner's, where a crash shows. The process is killed and reaped by
/// ``stop()``, which every test defers, and by `deinit` should a test forget.
final class EchoLambdaProcess {
    private let process = Process()
    private let outputFile: URL
    private var isStarted = false

    /// Starts EchoLambda with only `AWS_LAMBDA_RUNTIME_API` (when given), `environment` and the
    /// sanitizer settings, so that nothing else from the test runner's environment (a log level,
    /// a trace id) leaks in.
    init(runtimeAPI: String?, environment: [String: String] = [:]) throws {
        process.executableURL = try Self.executable()
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("echo-lambda-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        var variables = environment.merging(FunctionProcess.sanitizerSettings) { given, _ in given }
        variables["AWS_LAMBDA_RUNTIME_API"] = runtimeAPI
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: outputFile)
            throw error
        }
        isStarted = true
    }

    deinit {
        stop()
    }

    /// Kills the process if it still runs, waits for it, and removes the captured output.
    func stop() {
        guard isStarted else { return }
        isStarted = false
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: outputFile)
    }

    /// The exit status once the process has exited by itself; `nil` if it still runs after `timeout`.
    func waitForExit(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            usleep(5_000)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Everything written to standard output so far.
    var standardOutput: String {
        (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    /// How many file descriptors the process has open, from `/proc/<pid>/fd`.
    func openFileDescriptorCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count
    }

    struct NotBuilt: Error {
        var path: String
    }

    /// `EchoLambda` is built next to the test bundle, which `/proc/self/exe` names.
    private static func executable() throws -> URL {
        let testBundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let url = URL(fileURLWithPath: testBundle).deletingLastPathComponent().appendingPathComponent("EchoLambda")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw NotBuilt(path: url.path) }
        return url
    }
}
