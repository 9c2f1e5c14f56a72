import FoundationEssentials
import Glibc
import RuntimeAPIServer

// `sam local invoke` without Docker: serves the Lambda Runtime API on 127.0.0.1, starts the
// function's `bootstrap` as a child the way Lambda does, feeds it each event file in turn, prints
// each response (or error) on standard output, and stops. The function's own logs go to standard
// error. The function inherits this process's environment, so `NOTIFIER_*` and `AWS_*` settings
// reach it as they would from the Lambda configuration.

let usage = """
    usage: local-invoke [--bootstrap PATH] [--timeout SECONDS] EVENT.json...
      --bootstrap PATH    the function to run (default: bootstrap beside this tool)
      --timeout SECONDS   the function's timeout for each invocation (default: 30)
    """

func fail(_ message: String) -> Never {
    let line = Array("local-invoke: \(message)\n".utf8)
    _ = write(STDERR_FILENO, line, line.count)
    exit(2)
}

var bootstrap = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "bootstrap").path
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
    default:
        eventFiles.append(argument)
    }
}
guard !eventFiles.isEmpty else { fail("no event files given\n\(usage)") }

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
let function: FunctionProcess
do {
    function = try FunctionProcess(executable: bootstrap, environment: environment)
} catch {
    fail("\(error)")
}

var failures = 0
for (file, event) in events {
    let requestID = server.enqueue(event: event, options: InvocationOptions(timeout: timeout))
    print("==> \(file) (request \(requestID))")
    // A little longer than the function's own timeout, so a function that misses its deadline is seen.
    guard let outcome = server.waitForOutcome(requestID: requestID, timeout: timeout + .seconds(2)) else {
        if let initError = server.waitForInitError(timeout: .zero) {
            print("init error \(initError.errorType ?? "?"): \(String(decoding: initError.body, as: UTF8.self))")
        } else if let code = function.exitCode {
            print("the function exited with code \(code) before answering")
        } else {
            print("no answer within \(timeout)")
        }
        failures += 1
        break
    }
    switch outcome.result {
    case .response(let body):
        print(String(decoding: body, as: UTF8.self))
    case .error(let error):
        print("function error \(error.errorType ?? "?"): \(String(decoding: error.body, as: UTF8.self))")
    }
    print("")
}

function.terminate()
server.shutdown()
exit(failures == 0 ? 0 : 1)
