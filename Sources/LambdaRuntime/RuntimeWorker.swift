import Glibc

/// One invocation loop: its own Runtime API connection and its own handler, serving one
/// invocation at a time. On-demand Lambda runs one worker; Lambda Managed Instances run
/// `AWS_LAMBDA_MAX_CONCURRENCY` of them, each on its own thread, sharing nothing but standard
/// output.
struct RuntimeWorker<Handler: LambdaHandler> {
    var api: RuntimeAPIClient
    var handler: Handler
    var environment: FunctionEnvironment
    var logger: LambdaLogger
    /// Whether the worker sets `_X_AMZN_TRACE_ID` for each invocation: only when it is the only
    /// one, since the environment belongs to the whole process.
    var exportsTraceID: Bool

    /// Serves invocations until `/next` fails or the Runtime API reports an unrecoverable error,
    /// then ends the process: Lambda replaces the environment.
    mutating func run() -> Never {
        while true {
            let invocation: Invocation
            do {
                invocation = try api.next(environment: environment, logger: logger)
            } catch {
                logger.fatal("Could not get the next invocation; exiting so that Lambda starts a new runtime. \(error)")
                exit(1)
            }
            if exportsTraceID {
                Self.exportTraceID(invocation.context.traceID)
            }
            let outcome = Result { try handler.handle(invocation.event, context: invocation.context) }
            report(outcome, of: invocation.context)
            handler.afterResponse(context: invocation.context)
        }
    }

    /// Posts the handler's response, or its error; a response the Runtime API refuses becomes an
    /// error so that the caller learns why.
    private func report(_ outcome: Result<[UInt8], any Error>, of context: LambdaContext) {
        let logger = context.logger
        let errorReport: ErrorReport
        switch outcome {
        case .success(let response):
            do {
                try api.postResponse(response, for: context)
                return
            } catch {
                guard let replacement = Self.errorReplacingRefusedResponse(error, size: response.count, logger: logger) else { return }
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
            Self.exitIfUnrecoverable(error, logger: logger)
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
