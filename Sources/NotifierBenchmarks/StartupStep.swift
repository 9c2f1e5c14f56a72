import Foundation
import RuntimeAPIServer

/// A process that starts and exits at once, timed from just before the spawn to its exit being
/// reaped: the pieces of a cold start.
///
/// - `/bin/true`: creating a process and exec'ing a small C program;
/// - the notifier's `bootstrap` without `AWS_LAMBDA_RUNTIME_API`: loading it and its shared
///   libraries, Swift's start-up, one log line, exit;
/// - Python: the interpreter alone, then importing boto3 and creating the SES v2 client (what the
///   peer's module does before its first `/next`).
struct StartupStep {
    struct Measured {
        var label: String
        var time: Summary
    }

    var label: String
    var executable: String
    var arguments: [String] = []

    func timeToExit(output: Int32) throws -> Duration {
        let start = ContinuousClock.now
        let process = try FunctionProcess(executable: executable, arguments: arguments, environment: ["PYTHONDONTWRITEBYTECODE": "1"], outputFileDescriptor: output)
        _ = process.waitForExit()
        return start.duration(to: .now)
    }

    static func steps(notifier: FunctionUnderBenchmark, python: String?) -> [StartupStep] {
        var steps = [
            StartupStep(label: "spawn + exit of `/bin/true`", executable: "/bin/true"),
            StartupStep(label: "spawn + exit of `\(notifier.name)` without `AWS_LAMBDA_RUNTIME_API` (loading, Swift start-up, the error line)",
                        executable: notifier.executable, arguments: notifier.arguments),
        ]
        if let python {
            steps.append(StartupStep(label: "spawn + exit of `python -c pass`", executable: python, arguments: ["-c", "pass"]))
            steps.append(StartupStep(label: "spawn + exit of `python -c 'import boto3; boto3.client(\"sesv2\")'`", executable: python,
                                     arguments: ["-c", "import boto3; boto3.client('sesv2', region_name='us-east-1')"]))
        }
        return steps
    }
}
