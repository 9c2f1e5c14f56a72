import AWSCore
import SESv2
import CurlHTTP
import EmailKit
import Foundation
import LambdaRuntime
import NotifierHandler
import WallClock

/// CPU per message, in this process, for the large message (5 KB HTML, 100 KB attachment): the
/// whole handler, and its costly steps alone through EmailKit's public API.
///
/// Each iteration is timed with the calling thread's CPU clock (`CLOCK_THREAD_CPUTIME_ID`), so
/// the SES stub's server thread, which answers on the other core, is not counted.
struct MessageCostBenchmark {
    struct Cost {
        /// µs of this thread's CPU time per iteration.
        var cpu: Summary
        /// µs of wall-clock time per iteration.
        var wall: Summary
    }

    struct Result {
        /// `NotifierHandler.handle` of a direct invocation: JSON decode, validation, MIME, SES
        /// request JSON, SigV4, the HTTP exchange with the stub, one log line and the metrics line.
        var handler: Cost
        /// The same for the small message of the warm-path runs.
        var handlerSmallMessage: Cost
        /// The HTTP exchange alone: a POST of a body as large as the SES request, already signed.
        var httpExchange: Cost
        /// `MIMEWriter.write` of the message.
        var mime: Cost
        /// The `SendEmail` JSON (the raw message in base64), as `SendEmailRequest` builds it.
        var sesRequestJSON: Cost
        /// `SigV4Signer.sign` of the `SendEmail` POST, SHA-256 of its body included.
        var sign: Cost
        /// `SigV4Signer.sign` of an empty-bodied request: the signature without the body hash.
        var signWithoutBody: Cost
        var eventBytes: Int
        var mimeBytes: Int
        var requestBytes: Int
    }

    var stub: BenchmarkSES
    var iterations: Int
    var warmUps: Int

    func measure() throws -> Result {
        stub.delay = .zero
        let event = [UInt8](BenchmarkEvents.direct(BenchmarkEvents.largeNotification))
        let environment = [
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_SESV2": stub.endpoint,
            "AWS_ACCESS_KEY_ID": "AKIDBENCHMARK",
            "AWS_SECRET_ACCESS_KEY": "benchmark-secret",
            "NOTIFIER_DEFAULT_FROM": "Notifier <notifier@example.com>",
            "NOTIFIER_ALLOWED_SENDERS": "@example.com",
        ]
        var handler = try NotifierHandler(environment: environment)
        let context = LambdaContext(
            requestID: "00000000-0000-4000-8000-000000000000",
            deadline: .now() + .seconds(3600),
            invokedFunctionARN: "arn:aws:lambda:us-east-1:000000000000:function:notifier-benchmark",
            functionName: "notifier-benchmark",
            region: "us-east-1",
            logger: LambdaLogger())
        // The handler's log and metrics lines go to standard output, as in Lambda; here to /dev/null.
        // An invocation is `handle` and then `afterResponse`, which writes those lines.
        func invoke(_ event: [UInt8]) throws -> [UInt8] {
            defer { handler.afterResponse(context: context) }
            return try handler.handle(event, context: context)
        }
        let handlerCost = try withStandardOutputDiscarded {
            let answer = try invoke(event)
            guard (try? JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any])?["messageId"] is String else {
                throw BenchmarkFailure(function: "NotifierHandler", reason: "unexpected answer: \(String(decoding: answer.prefix(300), as: UTF8.self))")
            }
            return try cost { _ = try invoke(event) }
        }
        let smallEvent = [UInt8](BenchmarkEvents.direct(BenchmarkEvents.smallNotification(number: 1)))
        let smallHandlerCost = try withStandardOutputDiscarded {
            try cost { _ = try invoke(smallEvent) }
        }

        // Held as the validator holds the event's canonical base64: passed through, not re-encoded.
        guard let attachmentText = Base64Text(canonical: Array(BenchmarkEvents.attachment.base64EncodedString().utf8)) else {
            throw BenchmarkFailure(function: "MessageCostBenchmark", reason: "the attachment's base64 is not canonical")
        }
        let message = try EmailMessage(
            from: EmailAddress(parsing: "Shop <orders@example.com>"),
            to: [EmailAddress(parsing: "Ada Lovelace <ada@example.org>")],
            subject: "Your invoice #1042",
            htmlBody: BenchmarkEvents.largeHTML,
            attachments: [EmailAttachment(filename: "invoice-1042.pdf", contentType: "application/pdf", base64: attachmentText)])
        let writer = MIMEWriter()
        let raw = try writer.write(message)
        let mimeCost = try cost { _ = try writer.write(message) }

        let sendRequest = SendEmailRequest(content: .raw(raw), fromEmailAddress: message.from.asciiAddress, toAddresses: message.to.map(\.asciiAddress))
        let body = try sendRequest.jsonBody()
        let jsonCost = try cost { _ = try sendRequest.jsonBody() }

        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKIDBENCHMARK", secretAccessKey: "benchmark-secret"), region: "us-east-1", service: "ses")
        let unsigned = HTTPRequest(
            method: .post,
            url: stub.endpoint + "/v2/email/outbound-emails",
            headers: ["Content-Type": "application/json"],
            body: body,
            timeout: .seconds(10))
        let signCost = try cost {
            var request = unsigned
            try signer.sign(&request, at: .now())
        }
        var emptyBodied = unsigned
        emptyBodied.body = []
        let signWithoutBodyCost = try cost {
            var request = emptyBodied
            try signer.sign(&request, at: .now())
        }

        var signed = unsigned
        try signer.sign(&signed, at: .now())
        let client = HTTPClient(configuration: HTTPClient.Configuration(useProxy: false))
        let httpCost = try cost {
            let response = try client.execute(signed)
            guard response.isSuccess else { throw BenchmarkFailure(function: "SES stub", reason: "HTTP \(response.status)") }
        }

        return Result(
            handler: handlerCost,
            handlerSmallMessage: smallHandlerCost,
            httpExchange: httpCost,
            mime: mimeCost,
            sesRequestJSON: jsonCost,
            sign: signCost,
            signWithoutBody: signWithoutBodyCost,
            eventBytes: event.count,
            mimeBytes: raw.count,
            requestBytes: body.count)
    }

    private func cost(_ body: () throws -> Void) throws -> Cost {
        var cpu: [Double] = []
        var wall: [Double] = []
        cpu.reserveCapacity(iterations)
        wall.reserveCapacity(iterations)
        for iteration in 0..<(warmUps + iterations) {
            let cpuStart = threadCPUTime()
            let wallStart = ContinuousClock.now
            try body()
            let wallEnd = ContinuousClock.now
            let cpuEnd = threadCPUTime()
            if iteration >= warmUps {
                cpu.append((cpuEnd - cpuStart).milliseconds * 1000)
                wall.append(wallStart.duration(to: wallEnd).milliseconds * 1000)
            }
        }
        guard let cpuSummary = Summary(cpu), let wallSummary = Summary(wall) else {
            throw BenchmarkFailure(function: "in-process", reason: "no iterations")
        }
        return Cost(cpu: cpuSummary, wall: wallSummary)
    }

    private func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    private func withStandardOutputDiscarded<T>(_ body: () throws -> T) throws -> T {
        fflush(nil)
        let saved = dup(STDOUT_FILENO)
        let null = open("/dev/null", O_WRONLY)
        guard saved >= 0, null >= 0 else { throw BenchmarkFailure(function: "in-process", reason: "cannot redirect standard output") }
        dup2(null, STDOUT_FILENO)
        close(null)
        defer {
            dup2(saved, STDOUT_FILENO)
            close(saved)
        }
        return try body()
    }
}
