@testable import EmailKit
import FoundationEssentials
import Glibc
import JSON
import LambdaRuntime
import WallClock
@testable import NotifierHandler

/// libFuzzer entry point: the input is a Lambda event, handled by the function as Lambda would
/// run it (recognised, every message parsed, its template rendered, validated), with e-mails
/// going to a ``CheckingMailTransport``. Nothing may crash or hang, every e-mail handed over
/// must keep the transport's rules, and every answer must be JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvent(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let context = LambdaContext(
        requestID: "fuzz", deadline: .now() + .seconds(3_600),
        invokedFunctionARN: "arn:aws:lambda:eu-west-1:123456789012:function:notifier",
        functionName: "notifier", logger: LambdaLogger(level: .fatal))
    let response: [UInt8]
    // As the runtime does: what comes after the answer (the records' log lines) runs too.
    defer { EventFuzzer.handler.afterResponse(context: context) }
    do {
        response = try EventFuzzer.handler.handle(Array(UnsafeBufferPointer(start: data, count: size)), context: context)
    } catch {
        // Refusing the event is a correct answer; what the runtime reports must still be text.
        _ = String(describing: error)
        return 0
    }
    precondition((try? JSONParser.parse(response)) != nil, "the function answered with something that is not JSON")
    return 0
}

enum EventFuzzer {
    /// The senders the function may use: one address and one domain.
    static let senderPolicy = SenderPolicy(addresses: ["alerts@example.net"], domains: ["example.com"])

    /// One function for the whole run, as in a warm Lambda environment: templates are read and
    /// parsed once. `NOTIFIER_FUZZ_TEMPLATES` names the templates folder (default `templates`).
    nonisolated(unsafe) static var handler: NotifierHandler = {
        let directory = getenv("NOTIFIER_FUZZ_TEMPLATES").map { String(cString: $0) } ?? "templates"
        guard let defaultFrom = try? EmailAddress(parsing: "Notifier <notifier@example.com>") else {
            fatalError("the default sender does not parse")
        }
        let configuration = NotifierConfiguration(
            transport: .outbox(directory: "/nonexistent"),
            templates: .directory(directory),
            defaultFrom: defaultFrom,
            senderPolicy: senderPolicy)
        var handler = NotifierHandler(
            configuration: configuration,
            transport: CheckingMailTransport(senderPolicy: senderPolicy),
            templates: TemplateLibrary(source: DirectoryTemplateSource(directory: directory)))
        // The metrics line of every invocation would flood the fuzzer's output.
        handler.metrics.fileDescriptor = open("/dev/null", O_WRONLY)
        return handler
    }()
}
