import CurlHTTP
import WallClock

/// One event handed out by the Runtime API's `/next`, with its context.
struct Invocation {
    var event: [UInt8]
    var context: LambdaContext

    /// Reads the invocation from `/next`'s answer; the request id is the one header it cannot do
    /// without, since every answer is addressed by it.
    init(response: HTTPResponse, environment: FunctionEnvironment, logger: LambdaLogger) throws(RuntimeAPIError) {
        let headers = response.headers
        guard let requestID = headers["Lambda-Runtime-Aws-Request-Id"], !requestID.isEmpty else {
            throw .missingRequestID
        }
        let deadline = try LambdaContext.deadline(header: headers["Lambda-Runtime-Deadline-Ms"])
        let traceID = headers["Lambda-Runtime-Trace-Id"]
        var logger = logger
        logger.requestID = requestID
        logger.traceID = traceID
        event = response.body
        context = LambdaContext(
            requestID: requestID,
            deadline: deadline,
            invokedFunctionARN: headers["Lambda-Runtime-Invoked-Function-Arn"] ?? "",
            traceID: traceID,
            clientContext: headers["Lambda-Runtime-Client-Context"],
            cognitoIdentity: headers["Lambda-Runtime-Cognito-Identity"],
            tenantID: headers["Lambda-Runtime-Aws-Tenant-Id"],
            invocationID: headers[RuntimeAPIClient.invocationIDHeader],
            functionName: environment.functionName,
            functionVersion: environment.functionVersion,
            memoryLimitInMB: environment.memoryLimitInMB,
            logGroupName: environment.logGroupName,
            logStreamName: environment.logStreamName,
            region: environment.region,
            logger: logger
        )
    }
}
