import Glibc

/// The Lambda custom runtime: the process Lambda starts as `bootstrap`.
public enum LambdaRuntime {
    /// The most workers a process runs: Lambda's own limit on
    /// `PerExecutionEnvironmentMaxConcurrency`.
    static let maximumWorkerCount = 1600

    /// Creates the handlers, then serves invocations for as long as Lambda keeps the process.
    ///
    /// - The Runtime API is found at `AWS_LAMBDA_RUNTIME_API`; without it the process exits with
    ///   status 1 and says why.
    /// - `AWS_LAMBDA_MAX_CONCURRENCY` (set by Lambda Managed Instances) unset or 1: one worker, on
    ///   the main thread, serves one invocation at a time, as on-demand Lambda expects. Greater
    ///   than 1: that many workers, each on its own thread with its own Runtime API connection,
    ///   its own `/next` long poll and its own handler. A value that is not a number from 1 to
    ///   1600 is reported and read as 1.
    /// - `makeHandler` is called once per worker, on the main thread, before any worker asks for
    ///   an invocation; if it throws, the error goes to `/runtime/init/error` (once) and the
    ///   process exits 1.
    /// - With one worker, `_X_AMZN_TRACE_ID` holds the current invocation's trace header; with
    ///   several it is never set, since it belongs to the whole process: the trace header is in
    ///   ``LambdaContext/traceID`` and in every JSON log line.
    /// - With several workers logs are JSON, the only format Managed Instances accept; a text
    ///   setting is overridden with a warning saying so.
    /// - Each event goes to the handler; its result is posted to `/response`, or a thrown error to
    ///   `/error` (named as ``LambdaFunctionError`` describes). A response the Runtime API refuses
    ///   (over 6 MB, or malformed) is reported as an error instead; one it no longer wants (410,
    ///   the invocation timed out) is logged and dropped. A handler's error never ends the loop.
    /// - When a worker's `/next` fails, or the Runtime API answers 5xx, the process exits 1:
    ///   Lambda then starts a fresh one.
    public static func run<Handler: LambdaHandler>(_ makeHandler: () throws -> Handler) -> Never {
        var logger = LambdaLogger.configuredByEnvironment()
        let maxConcurrency = environmentValue("AWS_LAMBDA_MAX_CONCURRENCY")
        let requestedWorkerCount = workerCount(maxConcurrency: maxConcurrency)
        let workerCount = requestedWorkerCount ?? 1
        let switchesToJSON = workerCount > 1 && logger.format != .json
        if switchesToJSON {
            logger.format = .json
        }
        guard let endpoint = environmentValue("AWS_LAMBDA_RUNTIME_API"), !endpoint.isEmpty else {
            logger.fatal("AWS_LAMBDA_RUNTIME_API is not set. This program is a Lambda custom runtime: run it in Lambda, or set AWS_LAMBDA_RUNTIME_API to the host:port of a Runtime API.")
            exit(1)
        }
        if switchesToJSON {
            logger.warn("AWS_LAMBDA_LOG_FORMAT is not JSON, but Lambda Managed Instances accept JSON logs only: writing JSON.")
        }
        if requestedWorkerCount == nil {
            logger.warn("AWS_LAMBDA_MAX_CONCURRENCY is not a number from 1 to \(maximumWorkerCount); serving one invocation at a time.", fields: ["maxConcurrency": .string(maxConcurrency ?? "")])
        }
        runWorkers(count: workerCount, endpoint: endpoint, makeHandler: makeHandler, logger: logger)
    }

    /// How many workers `AWS_LAMBDA_MAX_CONCURRENCY` asks for: 1 when it is unset, `nil` when it
    /// is not a number from 1 to ``maximumWorkerCount``.
    static func workerCount(maxConcurrency: String?) -> Int? {
        guard let maxConcurrency else { return 1 }
        guard let count = Int(maxConcurrency), (1...maximumWorkerCount).contains(count) else { return nil }
        return count
    }

    /// Creates every worker first, so that an initialisation error is reported before any of them
    /// asks for an invocation; then starts all but the first on threads of their own and runs the
    /// first on this one.
    private static func runWorkers<Handler: LambdaHandler>(
        count: Int,
        endpoint: String,
        makeHandler: () throws -> Handler,
        logger: LambdaLogger
    ) -> Never {
        let environment = FunctionEnvironment.current()
        var workers: [RuntimeWorker<Handler>] = []
        workers.reserveCapacity(count)
        for _ in 0..<count {
            let api = RuntimeAPIClient(endpoint: endpoint)
            let handler = makeHandlerOrExit(makeHandler, api: api, logger: logger)
            workers.append(RuntimeWorker(api: api, handler: handler, environment: environment, logger: logger, exportsTraceID: count == 1))
        }
        var first = workers.removeFirst()
        while let worker = workers.popLast() {
            do {
                try WorkerThread.start(owning: worker) { worker in worker.run() }
            } catch {
                logger.fatal("\(error); exiting so that Lambda starts a new runtime.")
                exit(1)
            }
        }
        first.run()
    }

    private static func makeHandlerOrExit<Handler>(
        _ makeHandler: () throws -> Handler,
        api: RuntimeAPIClient,
        logger: LambdaLogger
    ) -> Handler {
        do {
            return try makeHandler()
        } catch {
            let report = ErrorReport(error)
            logger.fatal("Initialisation failed: \(report.errorType): \(report.errorMessage)")
            do {
                try api.postInitError(report)
            } catch {
                logger.error("Could not report the initialisation error. \(error)")
            }
            exit(1)
        }
    }
}
