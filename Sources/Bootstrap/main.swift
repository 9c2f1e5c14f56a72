import LambdaRuntime
import LambdaRuntime
import NotifierHandler

// What Lambda starts. The configuration is read and checked once, at init: a bad setting is the
// init error, naming the variable.
LambdaRuntime.run {
    try NotifierHandler(environment: ProcessEnvironment.current)
}
