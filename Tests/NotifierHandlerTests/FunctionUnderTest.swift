import Foundation
import RuntimeAPIServer
import TestSupport

/// The real `bootstrap` executable, started as Lambda starts it, against a loopback Runtime API
/// server and moto's SES v2 (signatures checked). Its log output is captured for inspection.
final class FunctionUnderTest {
    let server: RuntimeAPIServer
    let process: FunctionProcess
    let moto: MotoServer
    private let logURL: URL

    /// The `bootstrap` built beside this test bundle.
    static let bootstrapPath = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("bootstrap").path

    /// Starts the function with the notifier's settings plus `environment`.
    ///
    /// `hosts` (name → address) are names the function resolves as the test chooses: it then runs
    /// in a user and mount namespace of its own (`unshare`) whose `/etc/hosts` has them added, the
    /// way a DNS answer the test controls would, with no effect outside that process.
    init(environment extra: [String: String] = [:], hosts: [String: String] = [:]) throws {
        moto = try MotoServer.shared()
        server = try RuntimeAPIServer()
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("bootstrap-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }

        var environment = FunctionProcess.lambdaEnvironment(runtimeAPI: server.endpoint, functionName: "notifier-test", region: moto.region)
        environment["AWS_ENDPOINT_URL_SESV2"] = moto.endpoint
        environment["AWS_ENDPOINT_URL_S3"] = moto.endpoint
        environment["AWS_ACCESS_KEY_ID"] = moto.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = moto.secretAccessKey
        environment["NOTIFIER_DEFAULT_FROM"] = "Notifier <notifier@example.com>"
        environment["NOTIFIER_ALLOWED_SENDERS"] = "@example.com, @unverified.example"
        environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
        environment["NOTIFIER_TEMPLATE_DIR"] = Fixtures.packageRoot.appendingPathComponent("templates").path
        environment.merge(extra) { $1 }
        if hosts.isEmpty {
            process = try FunctionProcess(executable: Self.bootstrapPath, environment: environment, outputFileDescriptor: log.fileDescriptor)
        } else {
            let hostsURL = logURL.deletingPathExtension().appendingPathExtension("hosts")
            let lines = hosts.map { "\($0.value) \($0.key)\n" }.joined()
            try (String(contentsOfFile: "/etc/hosts", encoding: .utf8) + "\n" + lines).write(to: hostsURL, atomically: true, encoding: .utf8)
            // unshare and sh each exec the next, so the process is the function's own pid.
            process = try FunctionProcess(
                executable: "/usr/bin/unshare",
                arguments: ["--user", "--map-root-user", "--mount", "/bin/sh", "-c", #"mount --bind "$1" /etc/hosts && exec "$2""#, "sh", hostsURL.path, Self.bootstrapPath],
                environment: environment, outputFileDescriptor: log.fileDescriptor)
        }
    }

    deinit {
        process.terminate()
        server.shutdown()
        try? FileManager.default.removeItem(at: logURL)
    }

    /// Invokes the function with `event` and waits for its answer, then for the end of the work
    /// after it (log lines, idempotency completions): until the function asks for its next
    /// invocation, or exits.
    func invoke(_ event: Data, timeout: Duration = .seconds(30)) throws -> InvocationOutcome {
        let requestID = server.enqueue(event: event, options: InvocationOptions(timeout: timeout))
        guard let outcome = server.waitForOutcome(requestID: requestID, timeout: timeout + .seconds(5)) else {
            throw NoAnswer(exitCode: process.exitCode, log: log)
        }
        let returned = server.waitForNextRequest(after: outcome, until: .now + timeout + .seconds(5)) { process.exitCode == nil }
        guard returned || process.exitCode != nil else { throw NoReturn(log: log) }
        return outcome
    }

    func invoke(sample name: String) throws -> InvocationOutcome {
        try invoke(Data(Fixtures.sampleEvent(name)))
    }

    /// Everything the function wrote to standard output and error so far.
    var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// The raw message moto stored under `messageID`, parsed by Python's `email` package.
    func storedMessage(_ messageID: String) throws -> (stored: MotoServer.SentMessage, parsed: ParsedMessage)? {
        guard let stored = try moto.sentMessage(messageID: messageID) else { return nil }
        return (stored, try ParsedMessage.parse(Array(stored.rawData.utf8)))
    }

    struct NoReturn: Error, CustomStringConvertible {
        var log: String
        var description: String { "the function answered but never asked for its next invocation; log:\n\(log)" }
    }

    struct NoAnswer: Error, CustomStringConvertible {
        var exitCode: Int32?
        var log: String
        var description: String { "the function did not answer (exit code \(exitCode.map(String.init) ?? "none")); log:\n\(log)" }
    }
}
