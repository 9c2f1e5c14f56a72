import Glibc

/// The Lambda custom runtime: the process Lambda starts as `bootstrap`.
public enum LambdaRuntime {
    /// Creates the handler, then serves invocations one at a time for as long as Lambda keeps the
    /// process.
    ///
    /// - The Runtime API is found at `AWS_LAMBDA_RUNTIME_API`; without it the process exits with
    ///   status 1 and says why.
    /// - If `makeHandler` throws, the error goes to `/runtime/init/error` and the process exits 1.
    /// - Each event goes to the handler; its result is posted to `/response`, or a thrown error to
    ///   `/error` (named as ``LambdaFunctionError`` describes). A response the Runtime API refuses
    ///   (over 6 MB, or malformed) is reported as an error instead; one it no longer wants (410,
    ///   the invocation timed out) is dropped. A handler's error never ends the loop.
    /// - When `/next` fails, or the Runtime API answers 5xx, the process exits 1: Lambda then
    ///   starts a fresh one.
    public static func run<Handler: LambdaHandler>(_ makeHandler: () throws -> Handler) -> Never {
        let logger = LambdaLogger.configuredByEnvironment()
        guard let endpoint = environmentValue("AWS_LAMBDA_RUNTIME_API"), !endpoint.isEmpty else {
            logger.fatal("AWS_LAMBDA_RUNTIME_API is not set. This program is a Lambda custom runtime: run it in Lambda, or set AWS_LAMBDA_RUNTIME_API to the host:port of a Runtime API.")
            exit(1)
        }
        let api = RuntimeAPIClient(endpoint: endpoint)
        var handler = makeHandlerOrExit(makeHandler, api: api, logger: logger)
        let environment = FunctionEnvironment.current()

        while true {
            let invocation: Invocation
            do {
                invocation = try api.next(environment: environment, logger: logger)
            } catch {
                logger.fatal("Could not get the next invocation; exiting so that Lambda starts a new runtime. \(error)")
                exit(1)
            }
            exportTraceID(invocation.context.traceID)
            let outcome = Result { try handler.handle(invocation.event, context: invocation.context) }
            report(outcome, of: invocation.context, to: api)
        }
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

    /// Posts the handler's response, or its error; a response the Runtime API refuses becomes an
    /// error so that the caller learns why.
    private static func report(_ outcome: Result<[UInt8], any Error>, of context: LambdaContext, to api: RuntimeAPIClient) {
        let logger = context.logger
        let errorReport: ErrorReport
        switch outcome {
        case .success(let response):
            do {
                try api.postResponse(response, for: context)
                return
            } catch {
                guard let replacement = errorReplacingRefusedResponse(error, size: response.count, logger: logger) else { return }
                errorReport = replacement
            }
        case .failure(let error):
            errorReport = ErrorReport(error)
            // The type only: an error's message can quote the event (addresses, content), and it
            // reaches the caller through /error anyway.
            logger.error("Invocation failed: \(errorReport.errorType)", fields: ["errorType": .string(errorReport.errorType)])
        }
        do {
            try api.postError(errorReport, for: context)
        } catch {
            exitIfUnrecoverable(error, logger: logger)
            logger.error("Could not report the invocation's error. \(error)")
        }
    }

    /// The error to post instead of a refused response; `nil` when nothing more can be posted.
    private static func errorReplacingRefusedResponse(_ error: RuntimeAPIError, size: Int, logger: LambdaLogger) -> ErrorReport? {
        exitIfUnrecoverable(error, logger: logger)
        logger.error("The Runtime API did not accept the response of \(size) bytes. \(error)")
        switch error {
        case .refused(_, status: 410, _):
            // Gone: the invocation timed out and Lambda has already answered the caller.
            return nil
        case .refused(_, status: 413, let body):
            return ErrorReport(errorType: "Runtime.ResponseTooLarge", errorMessage: "The response of \(size) bytes is larger than Lambda accepts: \(body)")
        case .refused(_, let status, let body):
            return ErrorReport(errorType: "Runtime.InvalidResponse", errorMessage: "The Runtime API refused the response with HTTP \(status): \(body)")
        case .transport(_, let failure):
            return ErrorReport(errorType: "Runtime.ResponseNotDelivered", errorMessage: "The response could not be delivered: \(failure)")
        case .missingRequestID, .malformedDeadline:
            return nil
        }
    }

    /// 5xx from the Runtime API means Lambda's side of the environment is broken, and the Runtime
    /// API's specification asks the runtime to exit.
    private static func exitIfUnrecoverable(_ error: RuntimeAPIError, logger: LambdaLogger) {
        if let status = error.status, status >= 500 {
            logger.fatal("The Runtime API reported an unrecoverable error; exiting. \(error)")
            exit(1)
        }
    }

    /// X-Ray SDKs read the trace header from the environment, so it must describe the current
    /// invocation and never linger from an earlier one.
    private static func exportTraceID(_ traceID: String?) {
        if let traceID {
            setenv("_X_AMZN_TRACE_ID", traceID, 1)
        } else {
            unsetenv("_X_AMZN_TRACE_ID")
        }
    }
}
