import FoundationEssentials
import LambdaRuntime
import EmailKit

// The `bootstrap` Lambda runs: configuration is read and checked once, at init; a bad setting is
// the init error, naming the variable.
LambdaRuntime.run {
    let configuration = try NotifierConfiguration(environment: ProcessInfo.processInfo.environment)
    let transport: any MailTransport = switch configuration.transport {
    case .ses(let ses, let credentials):
        SESMailTransport(client: SESClient(configuration: ses, credentials: credentials), maxConcurrentSends: configuration.maxConcurrentSends)
    case .outbox(let directory):
        try OutboxMailTransport(directory: directory)
    }
    return NotifierHandler(configuration: configuration, transport: transport)
}
