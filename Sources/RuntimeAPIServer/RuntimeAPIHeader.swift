/// Header names of the Lambda Runtime API 2018-06-01.
enum RuntimeAPIHeader {
    static let requestID = "Lambda-Runtime-Aws-Request-Id"
    static let deadline = "Lambda-Runtime-Deadline-Ms"
    static let invokedFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
    static let traceID = "Lambda-Runtime-Trace-Id"
    static let clientContext = "Lambda-Runtime-Client-Context"
    static let cognitoIdentity = "Lambda-Runtime-Cognito-Identity"
    static let tenantID = "Lambda-Runtime-Aws-Tenant-Id"
    static let invocationID = "Lambda-Runtime-Invocation-Id"
    static let functionErrorType = "Lambda-Runtime-Function-Error-Type"
}
