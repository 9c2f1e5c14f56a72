import Foundation
import Testing
import RuntimeAPIServer

/// The `local-invoke` tool (what `scripts/run-local` runs) with the real `bootstrap`, its standard
/// output and error sent to one file, as `scripts/run-local >file 2>&1` does.
@Suite struct LocalInvokeTests {
    /// What one run printed, both streams in the order written, and how it exited.
    struct Run {
        var status: Int32
        var lines: [String]
    }

    /// Runs `local-invoke --timeout timeoutSeconds` over `events` (sample names) with the run-local
    /// settings plus `environment`, starting the function with `commandLine` (after `--`) when
    /// given, else with `--bootstrap`; fails the test when it takes longer than half the timeout.
    func localInvoke(
        _ events: [String], timeoutSeconds: Int, environment extra: [String: String] = [:],
        commandLine: ((_ bootstrap: String) -> [String])? = nil
    ) throws -> Run {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appending(path: "output")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }

        let binaries = URL(filePath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let process = Process()
        process.executableURL = binaries.appending(path: "local-invoke")
        let bootstrap = binaries.appending(path: "bootstrap").path
        let eventPaths = events.map { Fixtures.packageRoot.appending(path: "events/\($0)").path }
        if let commandLine {
            process.arguments = ["--timeout", String(timeoutSeconds)] + eventPaths + ["--"] + commandLine(bootstrap)
        } else {
            process.arguments = ["--bootstrap", bootstrap, "--timeout", String(timeoutSeconds)] + eventPaths
        }
        process.environment = [
            "NOTIFIER_OUTBOX_DIR": directory.appending(path: "outbox").path,
            "NOTIFIER_TEMPLATE_DIR": Fixtures.packageRoot.appending(path: "templates").path,
            "NOTIFIER_DEFAULT_FROM": "Notifier <notifier@example.com>",
            "NOTIFIER_ALLOWED_SENDERS": "@example.com",
        ].merging(extra) { $1 }.merging(Self.sanitizerSettings) { given, _ in given }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Half the function's timeout: an answer that came only when the timeout ran out is late.
        // Polled rather than signalled by a termination handler, which forms a retain cycle with
        // the process that LeakSanitizer reports.
        let late = ContinuousClock.now + .seconds(timeoutSeconds / 2)
        while process.isRunning && ContinuousClock.now < late {
            Thread.sleep(forTimeInterval: 0.02)
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("local-invoke still ran after \(timeoutSeconds / 2) s of a \(timeoutSeconds) s timeout")
        }
        process.waitUntilExit()
        let text = try String(contentsOf: outputURL, encoding: .utf8)
        return Run(status: process.terminationStatus, lines: text.split(separator: "\n").map(String.init))
    }

    /// The sanitizer settings of this run, for `local-invoke` and through it for `bootstrap`, with
    /// leak detection off: the tool exits with its objects alive (its exit status is what these
    /// tests read, and LSan would replace it). `bootstrap`'s leaks are checked by every other test
    /// that starts it directly.
    static var sanitizerSettings: [String: String] {
        var settings = FunctionProcess.sanitizerSettings
        if let options = settings["ASAN_OPTIONS"] { settings["ASAN_OPTIONS"] = options + ":detect_leaks=0" }
        return settings
    }

    @Test func aConfigurationErrorIsReportedAtOnceAndNamesTheEventsNotRun() throws {
        let run = try localInvoke(["direct.json", "sns.json", "sqs-batch.json"], timeoutSeconds: 120, environment: ["NOTIFIER_DEFAULT_FROM": "not an address"])
        #expect(run.status == 3)
        let initError = try #require(run.lines.firstIndex { $0.hasPrefix("init error ConfigurationError: ") }, "\(run.lines)")
        #expect(run.lines[initError].contains("NOTIFIER_DEFAULT_FROM"))
        // The function's own log line, whole, before the error it logged first.
        let logged = try #require(run.lines.firstIndex { $0.hasPrefix("    log | ") && $0.contains("FATAL\tInitialisation failed: ConfigurationError") }, "\(run.lines)")
        #expect(logged < initError)
        let notRun = try #require(run.lines.last)
        #expect(notRun.hasPrefix("local-invoke: the function could not initialise"))
        #expect(notRun.hasSuffix("not run: \(Fixtures.packageRoot.appending(path: "events/sns.json").path), \(Fixtures.packageRoot.appending(path: "events/sqs-batch.json").path)"))
    }

    /// The command line after `--` starts the function, arguments and all: here `env` gives it a
    /// sender that is no address, which only that command line can have set.
    @Test func aCommandLineAfterTheEventsStartsTheFunction() throws {
        let run = try localInvoke(["direct.json", "sns.json"], timeoutSeconds: 120) { bootstrap in
            ["/usr/bin/env", "NOTIFIER_DEFAULT_FROM=not an address", bootstrap]
        }
        #expect(run.status == 3)
        let initError = try #require(run.lines.first { $0.hasPrefix("init error ConfigurationError: ") }, "\(run.lines)")
        #expect(initError.contains("NOTIFIER_DEFAULT_FROM"))
    }

    @Test func eachResponseFollowsTheLogLinesOfItsInvocation() throws {
        let run = try localInvoke(["direct-batch.json", "sqs-batch.json"], timeoutSeconds: 120)
        #expect(run.status == 0)
        // Every line is a header, a whole log line, a response or blank: none cut in the middle.
        for line in run.lines {
            let whole = line.hasPrefix("==> ") || line.hasPrefix("{")
                || (line.hasPrefix("    log | ") && (line.contains("\tINFO\t") || line.contains("\tWARN\t") || line.hasPrefix("    log | {\"_aws\"")))
            #expect(whole, "\(line)")
        }
        let headers = run.lines.indices.filter { run.lines[$0].hasPrefix("==> ") }
        try #require(headers.count == 2, "\(run.lines)")
        // Each invocation: its header, its log lines, then its response.
        for (index, start) in headers.enumerated() {
            let end = index + 1 < headers.count ? headers[index + 1] : run.lines.count
            let section = Array(run.lines[start + 1 ..< end])
            let responses = section.indices.filter { section[$0].hasPrefix("{") }
            let logs = section.indices.filter { section[$0].hasPrefix("    log | ") }
            #expect(responses.count == 1, "\(section)")
            #expect(logs.count >= 2, "\(section)")
            #expect(logs.allSatisfy { $0 < responses[0] }, "\(section)")
        }
    }
}
