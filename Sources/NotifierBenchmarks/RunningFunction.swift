import Foundation
import RuntimeAPIServer

/// One function process and the loopback Runtime API that serves it alone, as one Lambda
/// execution environment.
final class RunningFunction {
    let function: FunctionUnderBenchmark
    let server: RuntimeAPIServer
    let process: FunctionProcess
    /// Taken just before the process was spawned.
    let spawned: ContinuousClock.Instant
    /// The request id of the event queued before the start.
    let firstRequestID: String?
    /// How many invocation loops the function runs (`AWS_LAMBDA_MAX_CONCURRENCY`).
    let workers: Int
    /// Invocations answered so far: the function asks `/next` `workers` times more than this when idle.
    private var answered = 0

    /// Starts `function` against `ses`. `firstEvent`, when given, is queued before the process
    /// starts, so that its first `/next` is answered at once (a cold invocation).
    init(_ function: FunctionUnderBenchmark, ses: SESEndpoint?, output: Int32, firstEvent: Data? = nil, workers: Int = 1) throws {
        self.function = function
        self.workers = workers
        let server = try RuntimeAPIServer()
        self.server = server
        firstRequestID = firstEvent.map { server.enqueue(event: $0) }
        let environment = function.environment(runtimeAPI: server.endpoint, ses: ses)
        spawned = ContinuousClock.now
        do {
            process = try FunctionProcess(executable: function.executable, arguments: function.arguments, environment: environment, outputFileDescriptor: output)
        } catch {
            server.shutdown()
            throw error
        }
    }

    deinit {
        stop()
    }

    /// Kills the process (as Lambda ends an environment) and stops its Runtime API.
    func stop() {
        process.terminate()
        server.shutdown()
    }

    /// When the function first asked for an invocation, counted from the spawn.
    func waitForFirstNext(timeout: Duration = .seconds(60)) throws -> Duration {
        guard let first = try waitForNextRequests(count: 1, timeout: timeout).first else {
            throw failure("never asked for an invocation")
        }
        return spawned.duration(to: first)
    }

    /// Waits for the answer to the event queued at start, and returns when it came, counted from the spawn.
    func waitForFirstAnswer(check: AnswerCheck, timeout: Duration = .seconds(60)) throws -> Duration {
        guard let firstRequestID else { throw failure("was started without a first event") }
        let outcome = try waitForOutcome(requestID: firstRequestID, timeout: timeout)
        let answered = ContinuousClock.now
        try check.verify(outcome, of: function)
        return spawned.duration(to: answered)
    }

    /// Invokes the function once it is idle in `/next` and returns the time from queuing the
    /// event to the function's answer arriving.
    func invoke(_ event: Data, check: AnswerCheck, timeout: Duration = .seconds(60)) throws -> Duration {
        try timedInvocation(event, check: check, timeout: timeout).latency
    }

    /// Invokes the function with `event` as ``invoke(_:check:timeout:)`` does, then waits until it
    /// asks for its next invocation: the latency to the answer, and how long the invocation kept
    /// the function busy, its work after the answer included (what Lambda bills, and what delays
    /// this environment's next invocation). For a function with one worker.
    func invokeUntilIdle(_ event: Data, check: AnswerCheck, timeout: Duration = .seconds(60)) throws -> (latency: Duration, busy: Duration) {
        let (start, latency) = try timedInvocation(event, check: check, timeout: timeout)
        let arrivals = try waitForNextRequests(count: answered + workers, timeout: timeout)
        guard arrivals.count >= answered + workers, let next = arrivals.last else { throw failure("did not ask for the next invocation") }
        return (latency, start.duration(to: next))
    }

    /// When the invocation of `event` was queued, once the function was idle, and the time from
    /// then to its answer.
    private func timedInvocation(_ event: Data, check: AnswerCheck, timeout: Duration) throws -> (start: ContinuousClock.Instant, latency: Duration) {
        try waitUntilIdle(timeout: timeout)
        let start = ContinuousClock.now
        let requestID = server.enqueue(event: event)
        let outcome = try waitForOutcome(requestID: requestID, timeout: timeout)
        let latency = start.duration(to: .now)
        try check.verify(outcome, of: function)
        return (start, latency)
    }

    /// Queues all `events` at once, as a busy environment sees them, and returns the time until
    /// the last answer arrived.
    func invokeBackToBack(_ events: [Data], check: AnswerCheck, timeout: Duration = .seconds(600)) throws -> Duration {
        try waitUntilIdle(timeout: .seconds(60))
        let start = ContinuousClock.now
        let requestIDs = events.map { server.enqueue(event: $0) }
        var outcomes: [InvocationOutcome] = []
        outcomes.reserveCapacity(requestIDs.count)
        for requestID in requestIDs {
            outcomes.append(try waitForOutcome(requestID: requestID, timeout: timeout))
        }
        let elapsed = start.duration(to: .now)
        for outcome in outcomes {
            try check.verify(outcome, of: function)
        }
        return elapsed
    }

    /// Waits until every worker of the function has asked `/next` after its last answer.
    func waitUntilIdle(timeout: Duration = .seconds(60)) throws {
        guard try waitForNextRequests(count: answered + workers, timeout: timeout).count >= answered + workers else {
            throw failure("did not ask for the next invocation")
        }
    }

    /// The arrivals of `/next` requests once there are `count`, or fewer when `timeout` passes;
    /// gives up early, with the exit code, when the process ends.
    private func waitForNextRequests(count: Int, timeout: Duration) throws -> [ContinuousClock.Instant] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let arrivals = server.waitForNextRequests(count: count, timeout: .milliseconds(100))
            if arrivals.count >= count || ContinuousClock.now >= deadline { return arrivals }
            if let code = process.exitCode { throw failure("exited with code \(code)") }
        }
    }

    private func waitForOutcome(requestID: String, timeout: Duration) throws -> InvocationOutcome {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let outcome = server.waitForOutcome(requestID: requestID, timeout: .milliseconds(100)) {
                answered += 1
                return outcome
            }
            if let initError = server.waitForInitError(timeout: .zero) {
                throw failure("init error \(initError.errorType ?? "?"): \(String(decoding: initError.body, as: UTF8.self))")
            }
            if let code = process.exitCode {
                throw failure("exited with code \(code) before answering")
            }
            if ContinuousClock.now >= deadline {
                throw failure("did not answer within \(timeout)")
            }
        }
    }

    private func failure(_ reason: String) -> BenchmarkFailure {
        BenchmarkFailure(function: function.name, reason: reason)
    }

    // MARK: - What /proc says about the process

    /// The process's resident memory as `/proc/<pid>/status` reports it.
    func memory() throws -> MemoryStatus {
        let status = try procFile("status")
        func kibibytes(_ field: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return MemoryStatus(peak: kibibytes("VmHWM"), current: kibibytes("VmRSS"), anonymous: kibibytes("RssAnon"), file: kibibytes("RssFile"))
    }

    /// CPU time the process's threads have run so far (the first field of each
    /// `/proc/<pid>/task/<tid>/schedstat`, in nanoseconds).
    func cpuTime() throws -> Duration {
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.pid)/task")
        var nanoseconds: Int64 = 0
        for task in tasks {
            guard let text = try? procFile("task/\(task)/schedstat") else { continue }
            nanoseconds += Int64(text.split(separator: " ").first ?? "") ?? 0
        }
        return .nanoseconds(nanoseconds)
    }

    /// User and kernel CPU time of the process so far (`utime` and `stime` of `/proc/<pid>/stat`,
    /// in clock ticks of 10 ms: coarse, so only for long runs).
    func userAndKernelTime() throws -> (user: Duration, kernel: Duration) {
        let stat = try procFile("stat")
        // The command name, in parentheses, may hold spaces; the fields are counted after it.
        guard let end = stat.lastIndex(of: ")") else { throw BenchmarkFailure(function: function.name, reason: "unreadable /proc stat") }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        // Fields 14 and 15 of proc(5), counted from the state (field 3) at index 0.
        guard fields.count > 12, let user = Int64(fields[11]), let kernel = Int64(fields[12]) else {
            throw BenchmarkFailure(function: function.name, reason: "unreadable /proc stat")
        }
        let tick = Int64(sysconf(Int32(_SC_CLK_TCK)))
        return (.milliseconds(user * 1000 / tick), .milliseconds(kernel * 1000 / tick))
    }

    /// The shared objects mapped into the process, loader included.
    func loadedLibraries() throws -> Set<String> {
        let maps = try procFile("maps")
        var libraries = Set<String>()
        for line in maps.split(separator: "\n") {
            // address, permissions, offset, device, inode, then the path when the mapping has one.
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 5 else { continue }
            let path = fields[5...].joined(separator: " ")
            if path.hasPrefix("/"), path.contains(".so") {
                libraries.insert(path)
            }
        }
        return libraries
    }
}

extension RunningFunction {
    /// A file of `/proc/<pid>/`, read to its end: `/proc` files report a size of 0, so readers
    /// that trust the size see only a first page.
    func procFile(_ name: String) throws -> String {
        let path = "/proc/\(process.pid)/\(name)"
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BenchmarkFailure(function: function.name, reason: "cannot read \(path)")
        }
        defer { try? handle.close() }
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }
}

/// Resident memory of a process, KiB.
struct MemoryStatus {
    /// `VmHWM`: the most it has ever been resident.
    var peak: Int
    /// `VmRSS`: resident now.
    var current: Int
    /// `RssAnon`: resident now, of the heap, stacks and other private memory.
    var anonymous: Int
    /// `RssFile`: resident now, of mapped files: the executable and its shared libraries.
    var file: Int
}

/// A function did not do what the benchmark needs; the run stops rather than time an error path.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var function: String
    var reason: String

    var description: String { "\(function): \(reason)" }
}
