/// The function's configuration as Lambda sets it in the environment of the runtime process.
struct FunctionEnvironment: Sendable {
    var functionName: String
    var functionVersion: String
    var memoryLimitInMB: Int
    var logGroupName: String
    var logStreamName: String
    var region: String

    /// Read once at start-up: Lambda never changes these while the process lives. A variable that
    /// is not set (outside Lambda) reads as empty, or 0 for the memory size.
    static func current() -> FunctionEnvironment {
        FunctionEnvironment(
            functionName: environmentValue("AWS_LAMBDA_FUNCTION_NAME") ?? "",
            functionVersion: environmentValue("AWS_LAMBDA_FUNCTION_VERSION") ?? "",
            memoryLimitInMB: environmentValue("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").flatMap { Int($0) } ?? 0,
            logGroupName: environmentValue("AWS_LAMBDA_LOG_GROUP_NAME") ?? "",
            logStreamName: environmentValue("AWS_LAMBDA_LOG_STREAM_NAME") ?? "",
            region: environmentValue("AWS_REGION") ?? environmentValue("AWS_DEFAULT_REGION") ?? ""
        )
    }
}
