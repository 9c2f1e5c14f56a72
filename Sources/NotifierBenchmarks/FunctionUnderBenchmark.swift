import Foundation
import RuntimeAPIServer

/// A Lambda function the benchmark starts the way Lambda does: an executable with its arguments,
/// given Lambda's standard environment, `AWS_LAMBDA_RUNTIME_API` and its own settings.
struct FunctionUnderBenchmark: Sendable {
    /// How the report names it, e.g. `notifier (package)`.
    var name: String
    var executable: String
    var arguments: [String] = []
    /// Settings beyond Lambda's standard variables; SES's endpoint and credentials are added per run.
    var settings: [String: String] = [:]
    /// Whether it sends mail (EchoLambda does not).
    var sendsMail = true

    /// The complete environment for a run against `runtimeAPI` and `ses`.
    func environment(runtimeAPI: String, ses: SESEndpoint?) -> [String: String] {
        var environment = FunctionProcess.lambdaEnvironment(runtimeAPI: runtimeAPI, functionName: "notifier-benchmark")
        environment.merge(settings) { $1 }
        if let ses, sendsMail {
            environment.merge(ses.environment) { $1 }
        }
        return environment
    }

    /// The sender settings both notifiers are given: the benchmark's messages come from
    /// `orders@example.com`, and moto has `example.com` verified.
    private static let senderSettings = [
        "NOTIFIER_DEFAULT_FROM": "Notifier <notifier@example.com>",
        "NOTIFIER_ALLOWED_SENDERS": "@example.com",
    ]

    /// The `bootstrap` executable as SwiftPM built it.
    static func notifier(build path: String) -> FunctionUnderBenchmark {
        FunctionUnderBenchmark(name: "notifier (release build)", executable: path, settings: senderSettings)
    }

    /// The `bootstrap` of the Lambda package (`scripts/build`). The default package is one static
    /// executable, started as Lambda starts it. A package with bundled shared libraries
    /// (`scripts/build --system-libcurl`) starts through its own dynamic loader: its ELF interpreter
    /// is `/var/task/lib/ld-linux-x86-64.so.2`, which exists only inside Lambda, and its
    /// `$ORIGIN/lib` search path finds the bundled libraries either way.
    static func notifier(package directory: String) -> FunctionUnderBenchmark {
        let loader = directory + "/lib/ld-linux-x86-64.so.2"
        guard access(loader, X_OK) == 0 else {
            return FunctionUnderBenchmark(name: "notifier (package)", executable: directory + "/bootstrap", settings: senderSettings)
        }
        return FunctionUnderBenchmark(
            name: "notifier (package)",
            executable: loader,
            arguments: [directory + "/bootstrap"],
            settings: senderSettings)
    }

    /// The smallest Swift function: the runtime loop answering each event with itself.
    static func echo(build path: String) -> FunctionUnderBenchmark {
        FunctionUnderBenchmark(name: "EchoLambda (minimal loop)", executable: path, sendsMail: false)
    }

    /// The Python peer under AWS's runtime interface client, as Lambda's Python runtime runs it.
    /// Bytecode is not written, as in Lambda's read-only `/var/task`.
    static func peer(python: String, handlerDirectory: String) -> FunctionUnderBenchmark {
        var settings = senderSettings
        settings["PYTHONPATH"] = handlerDirectory
        settings["PYTHONDONTWRITEBYTECODE"] = "1"
        settings["AWS_EXECUTION_ENV"] = "AWS_Lambda_python3.11"
        return FunctionUnderBenchmark(
            name: "peer (Python + awslambdaric)",
            executable: python,
            arguments: ["-m", "awslambdaric", "a3_notifier.handler"],
            settings: settings)
    }
}
