import LambdaRuntime

// The smallest complete function: used by the runtime's tests and to measure start-up.
LambdaRuntime.run { try EchoHandler() }
