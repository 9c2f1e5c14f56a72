import FoundationEssentials
import Glibc
import LambdaRuntime

/// Answers each event with the event itself, unless the event is one of these commands:
///
/// - `{"hold":"/some/path",…}` first waits until a file exists at that path (the test creates it
///   to let the invocation go on), then carries out the rest of the command; on its own it
///   answers with the event.
/// - `{"throw":"message"}` throws ``EchoError`` (reported under its Swift type name);
///   `{"throw":"message","errorType":"Some.Type"}` throws a ``NamedEchoError`` named `Some.Type`.
/// - `{"log":"message"}` logs `message` once at every level, with fields `count` (1) and
///   `ok` (true), and answers `logged`.
/// - `{"context":true}` answers with the ``LambdaContext`` fields and `_X_AMZN_TRACE_ID` as JSON,
///   after logging when `log` is there too.
/// - `{"afterResponse":"/some/path"}` answers with the event, then, after the response, waits
///   until a file exists at that path and logs `after the response`.
///
/// With `ECHO_FAIL_INIT=1` in the environment, creating the handler fails.
struct EchoHandler: LambdaHandler {
    /// The path the work after the current invocation's response waits for.
    private var afterResponseGate: String?

    init() throws {
        if let value = getenv("ECHO_FAIL_INIT"), String(cString: value) == "1" {
            throw EchoInitError()
        }
    }

    mutating func handle(_ event: [UInt8], context: LambdaContext) throws -> [UInt8] {
        guard let command = Command(event) else { return event }
        afterResponseGate = command.afterResponse
        if let path = command.hold {
            while access(path, F_OK) != 0 {
                usleep(1_000)
            }
        }
        if let message = command.throw {
            if let errorType = command.errorType { throw NamedEchoError(errorType: errorType, errorMessage: message) }
            throw EchoError(message: message)
        }
        if let message = command.log {
            for level in LambdaLogger.Level.allCases {
                context.logger.log(level, message, fields: ["count": 1, "ok": true])
            }
        }
        if command.context == true {
            return try [UInt8](JSONEncoder().encode(ContextReport(context)))
        }
        return command.log == nil ? event : Array("logged".utf8)
    }

    mutating func afterResponse(context: LambdaContext) {
        guard let path = afterResponseGate else { return }
        afterResponseGate = nil
        while access(path, F_OK) != 0 {
            usleep(1_000)
        }
        context.logger.info("after the response")
    }
}

struct EchoError: Error {
    var message: String
}

struct NamedEchoError: LambdaFunctionError {
    var errorType: String
    var errorMessage: String
}

struct EchoInitError: LambdaFunctionError {
    var errorType: String { "Echo.InitFailed" }
    var errorMessage: String { "ECHO_FAIL_INIT is set" }
}

private struct Command: Decodable {
    var hold: String?
    var `throw`: String?
    var errorType: String?
    var context: Bool?
    var log: String?
    var afterResponse: String?

    /// Only small JSON objects are commands; anything else, a 5 MB payload included, is echoed
    /// without being parsed.
    init?(_ event: [UInt8]) {
        guard event.count < 64 * 1024, event.first == UInt8(ascii: "{"),
              let command = try? JSONDecoder().decode(Command.self, from: Data(event))
        else { return nil }
        self = command
    }
}

private struct ContextReport: Encodable {
    var requestID: String
    var deadlineMilliseconds: Int64
    var remainingMilliseconds: Int64
    var invokedFunctionARN: String
    var traceID: String?
    var clientContext: String?
    var cognitoIdentity: String?
    var tenantID: String?
    var invocationID: String?
    var functionName: String
    var functionVersion: String
    var memoryLimitInMB: Int
    var logGroupName: String
    var logStreamName: String
    var region: String
    var traceIDEnvironment: String?

    init(_ context: LambdaContext) {
        requestID = context.requestID
        deadlineMilliseconds = context.deadline.millisecondsSince1970
        remainingMilliseconds = context.remainingTime.wholeMilliseconds
        invokedFunctionARN = context.invokedFunctionARN
        traceID = context.traceID
        clientContext = context.clientContext
        cognitoIdentity = context.cognitoIdentity
        tenantID = context.tenantID
        invocationID = context.invocationID
        functionName = context.functionName
        functionVersion = context.functionVersion
        memoryLimitInMB = context.memoryLimitInMB
        logGroupName = context.logGroupName
        logStreamName = context.logStreamName
        region = context.region
        traceIDEnvironment = getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) }
    }
}
