import FoundationEssentials
import Glibc
import RuntimeAPIServer

// `sam local invoke` without Docker: serves the Lambda Runtime API on 127.0.0.1, starts the
// function's `bootstrap` as a child the way Lambda does, feeds it each event file in turn, prints
// each response (or error) on standard output, and stops. The function's own logs go to standard
// error, each line prefixed with `    log | `, in order with the responses (FunctionOutputRelay): an
// invocation's lines, those written after its answer included, come before its response.
// The function inherits this process's environment, so `NOTIFIER_*` and `AWS_*` settings reach it
// as they would from the Lambda configuration. After `--`, a command line starts the function
// instead, e.g. `chroot ROOT /var/task/bootstrap` to run a package in an empty root
// (scripts/test-package-chroot).

let usage = """
    usage: local-invoke [--bootstrap PATH] [--timeout SECONDS] EVENT.json... [-- COMMAND [ARGUMENT...]]
      --bootstrap PATH    the function to run (default: bootstrap beside this tool)
      --timeout SECONDS   the function's timeout for each invocation (default: 30)
      -- COMMAND ...      start the function with this command line instead of --bootstrap;
                          COMMAND is a path (e.g. /usr/sbin/chroot ROOT /var/task/bootstrap)
    exit status: 0 every event answered (a function error is an answer), 1 an event got no answer,
    2 bad usage, 3 the function could not initialise (it posted /runtime/init/error); after 1 or 3
    the events not run are named.
    """

func fail(_ message: String) -> Never {
    StandardStream.error.line("local-invoke: \(message)")
    exit(2)
}

var bootstrap: String?
var commandLine: [String] = []
var timeout = Duration.seconds(30)
var eventFiles: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--bootstrap":
        guard let path = arguments.popFirst() else { fail("--bootstrap needs a path\n\(usage)") }
        bootstrap = path
    case "--timeout":
        guard let text = arguments.popFirst(), let seconds = Int(text), seconds > 0 else { fail("--timeout needs a number of seconds\n\(usage)") }
        timeout = .seconds(seconds)
    case "-h", "--help":
        print(usage)
        exit(0)
    case "--":
        guard !arguments.isEmpty else { fail("-- needs a command line\n\(usage)") }
        commandLine = Array(arguments)
        arguments = []
    default:
        eventFiles.append(argument)
    }
}
guard !eventFiles.isEmpty else { fail("no event files given\n\(usage)") }
if commandLine.isEmpty {
    commandLine = [bootstrap ?? URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "bootstrap").path]
} else if bootstrap != nil {
    fail("--bootstrap and a command line after -- both name the function; give one\n\(usage)")
}

let events: [(file: String, data: Data)] = eventFiles.map { file in
    guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
    return (file, data)
}

let server: RuntimeAPIServer
do {
    server = try RuntimeAPIServer()
} catch {
    fail("cannot start the Runtime API server: \(error)")
}
var environment = ProcessInfo.processInfo.environment
for (name, value) in FunctionProcess.lambdaEnvironment(runtimeAPI: server.endpoint) where environment[name] == nil || name == "AWS_LAMBDA_RUNTIME_API" {
    environment[name] = value
}
let relay: FunctionOutputRelay
let function: FunctionProcess
do {
    relay = try FunctionOutputRelay()
    function = try FunctionProcess(
        executable: commandLine[0], arguments: Array(commandLine.dropFirst()), environment: environment, outputFileDescriptor: relay.writeEnd)
    relay.functionStarted()
} catch {
    fail("\(error)")
}

/// How one invocation ended, as this tool saw it.
enum Ending {
    case answered(InvocationEnd)
    case exited(code: Int32)
    case noAnswer
}

/// Waits for `requestID` to be answered and for the function's work after the answer (its log
/// lines) to end, relaying the function's output meanwhile. Gives up a little after the
/// function's own timeout, so that a function that misses its deadline is seen, and at once when
/// the function reports an init error or exits.
@MainActor
func waitForEnding(of requestID: String) -> Ending {
    let clock = ContinuousClock()
    let giveUp = clock.now + timeout + .seconds(2)
    while true {
        let end = server.waitForEnd(requestID: requestID, timeout: .milliseconds(50))
        relay.relayAvailable()
        if case .outcome(let outcome) = end {
            _ = server.waitForNextRequest(after: outcome, until: giveUp, while: { function.exitCode == nil }, meanwhile: relay.relayAvailable)
            return .answered(.outcome(outcome))
        }
        if let end { return .answered(end) }
        if let code = function.exitCode {
            // An answer posted just before exiting is still an answer.
            if let end = server.waitForEnd(requestID: requestID, timeout: .zero) { return .answered(end) }
            return .exited(code: code)
        }
        if clock.now >= giveUp { return .noAnswer }
    }
}

let out = StandardStream.output
var status: Int32 = 0
for (index, (file, event)) in events.enumerated() {
    let requestID = server.enqueue(event: event, options: InvocationOptions(timeout: timeout))
    out.line("==> \(file) (request \(requestID))")
    let stopReason: String
    switch waitForEnding(of: requestID) {
    case .answered(.outcome(let outcome)):
        switch outcome.result {
        case .response(let body):
            out.line(String(decoding: body, as: UTF8.self))
        case .error(let error):
            out.line("function error \(error.errorType ?? "?"): \(String(decoding: error.body, as: UTF8.self))")
        }
        out.line("")
        continue
    case .answered(.initError(let initError)):
        out.line("init error \(initError.errorType ?? "?"): \(String(decoding: initError.body, as: UTF8.self))")
        stopReason = "the function could not initialise (it posted /runtime/init/error)"
        status = 3
    case .exited(let code):
        out.line("the function exited with code \(code) before answering")
        stopReason = "the function exited"
        status = 1
    case .noAnswer:
        out.line("no answer within \(timeout)")
        stopReason = "the function did not answer"
        status = 1
    }
    let notRun = events[(index + 1)...].map(\.file)
    StandardStream.error.line("local-invoke: \(stopReason)" + (notRun.isEmpty ? "" : "; not run: \(notRun.joined(separator: ", "))"))
    break
}

function.terminate()
relay.finish()
server.shutdown()
exit(status)
