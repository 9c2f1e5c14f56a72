import FoundationEssentials
import Glibc
import Synchronization

/// A function's `bootstrap` started as a child process the way Lambda starts it: its own
/// environment with `AWS_LAMBDA_RUNTIME_API` and the standard function variables, its working
/// directory the package folder (Lambda's `/var/task`).
public final class FunctionProcess: Sendable {
    public let pid: pid_t
    /// The exit code once reaped; reaping happens once, so every waiter sees the same code.
    private let reapedStatus = Mutex<Int32?>(nil)

    /// Starts `executable` with `environment` (complete: nothing is inherited but
    /// ``sanitizerSettings``) and its standard output and error sent to `outputFileDescriptor`
    /// (standard error by default, so a tool's own standard output stays clean).
    public init(
        executable: String,
        arguments: [String] = [],
        environment: [String: String],
        outputFileDescriptor: Int32 = STDERR_FILENO
    ) throws(FunctionProcessError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outputFileDescriptor, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, outputFileDescriptor, STDERR_FILENO)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let variables = environment.merging(Self.sanitizerSettings) { given, _ in given }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else {
            throw FunctionProcessError(executable: executable, reason: String(cString: strerror(status)))
        }
        self.pid = pid
    }

    /// The sanitizer runtimes' settings in this process's environment, which every child inherits:
    /// under `swift test --sanitize=…` the function is built with the sanitizer too, and its
    /// reports must go where the test run collects them rather than into a log nobody reads.
    public static var sanitizerSettings: [String: String] {
        var settings: [String: String] = [:]
        for name in ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"] {
            if let value = getenv(name) {
                settings[name] = String(cString: value)
            }
        }
        return settings
    }

    /// The environment Lambda gives a function, for a function named `functionName`.
    public static func lambdaEnvironment(
        runtimeAPI: String,
        functionName: String = "notifier-local",
        memorySizeMB: Int = 128,
        region: String = "us-east-1"
    ) -> [String: String] {
        [
            "AWS_LAMBDA_RUNTIME_API": runtimeAPI,
            "AWS_LAMBDA_FUNCTION_NAME": functionName,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(memorySizeMB),
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(functionName)",
            "AWS_LAMBDA_LOG_STREAM_NAME": "local/[$LATEST]00000000000000000000000000000000",
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "LAMBDA_TASK_ROOT": "/var/task",
            "TZ": ":UTC",
            "LANG": "en_US.UTF-8",
        ]
    }

    /// The exit code (128 + signal number when killed), or `nil` while the process runs.
    public var exitCode: Int32? {
        reap(waiting: false)
    }

    /// Waits for the process to exit and returns its exit code.
    public func waitForExit() -> Int32 {
        reap(waiting: true) ?? -1
    }

    /// Stops the process (SIGKILL, as Lambda does when it shuts an environment down) and reaps it.
    public func terminate() {
        if reap(waiting: false) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit()
        }
    }

    private func reap(waiting: Bool) -> Int32? {
        reapedStatus.withLock { reaped in
            if let reaped { return reaped }
            var status: Int32 = 0
            guard waitpid(pid, &status, waiting ? 0 : WNOHANG) == pid else { return nil }
            let signal = status & 0x7F
            reaped = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
            return reaped
        }
    }
}

/// The function's executable could not be started.
public struct FunctionProcessError: Error, Sendable, CustomStringConvertible {
    public var executable: String
    public var reason: String

    public var description: String { "cannot start \(executable): \(reason)" }
}
