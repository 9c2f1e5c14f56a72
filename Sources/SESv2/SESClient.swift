import AWSCore
import JSON

extension AWSService {
    /// Amazon SES v2: signs as `ses`, lives at `email.{region}.amazonaws.com`.
    public static let sesV2 = AWSService(name: "SES", signingName: "ses", endpointPrefix: "email", endpointVariableSuffix: "SESV2")
}

/// The SES v2 API's one operation the function needs: `SendEmail` with raw MIME content.
///
/// The client blocks the calling thread like the rest of the stack and owns an ``AWSClient`` (and
/// its kept-alive connections), which is not thread-safe: give each thread its own client.
public final class SESClient {
    private let client: AWSClient

    /// A client for SES as `configuration` says (its ``AWSClientConfiguration/service`` should be ``AWSService/sesV2``).
    public init(configuration: AWSClientConfiguration) {
        client = AWSClient(configuration: configuration)
    }

    public var configuration: AWSClientConfiguration { client.configuration }

    /// Sends `request` and returns the `MessageId` SES assigned to it; see ``sendEmails(_:maxConcurrent:deadline:)``.
    public func sendEmail(_ request: SendEmailRequest, deadline: ContinuousClock.Instant) throws(AWSServiceError) -> String {
        try sendEmails([request], maxConcurrent: 1, deadline: deadline)[0].get().messageID
    }

    /// Sends the requests concurrently, at most `maxConcurrent` in flight, and returns one result
    /// per request, in order.
    ///
    /// A request over SES's recipient or size limits is refused without sending anything
    /// (``AWSServiceError/Reason/refusedBeforeSending(code:problem:)`` with `TooManyRecipients` or
    /// `MessageTooLarge`). The rest go through ``AWSClient/send(_:maxConcurrent:deadline:)``:
    /// retried while a retry can help and fits before `deadline`, and never retried once a request
    /// went out and its answer was lost: SES may have accepted it, and with no idempotency token in
    /// the API a retry could send the message twice. Such a failure, and a 2xx answer without a
    /// readable `MessageId`, come back with ``AWSServiceError/mayHaveBeenSent`` set.
    public func sendEmails(
        _ requests: [SendEmailRequest],
        maxConcurrent: Int,
        deadline: ContinuousClock.Instant
    ) -> [Result<SentEmail, AWSServiceError>] {
        let url = client.configuration.endpoint + "/v2/email/outbound-emails"
        let calls = requests.map { request -> Result<AWSRequest, AWSServiceError> in
            do throws(SendEmailRequest.Refusal) {
                return .success(.restJSON(operation: "SendEmail", method: .post, url: url, body: try request.checkedJSONBody(), isIdempotent: false))
            } catch {
                return .failure(AWSServiceError(service: AWSService.sesV2.name, operation: "SendEmail",
                                                reason: .refusedBeforeSending(code: error.code, problem: error.problem), attempts: 0))
            }
        }
        var answers = client.send(calls.compactMap { try? $0.get() }, maxConcurrent: maxConcurrent, deadline: deadline).makeIterator()
        return calls.map { call in
            switch call {
            case .failure(let refusal):
                return .failure(refusal)
            case .success:
                guard let answer = answers.next() else { preconditionFailure("AWSClient answered fewer calls than it was given") }
                return answer.flatMap(Self.sentEmail)
            }
        }
    }

    /// The `MessageId` in SES's answer, or the failure: SES may then have accepted the message.
    private static func sentEmail(_ response: AWSResponse) -> Result<SentEmail, AWSServiceError> {
        guard let messageID = (try? JSONParser.parse(response.http.body))?["MessageId"]?.stringValue else {
            let excerpt = String(decoding: response.http.body.prefix(200), as: UTF8.self)
            return .failure(AWSServiceError(
                service: AWSService.sesV2.name, operation: "SendEmail",
                reason: .unexpectedResponse(status: response.http.status, problem: "no MessageId in the answer: \(excerpt)"),
                attempts: response.attempts, mayHaveBeenSent: true))
        }
        return .success(SentEmail(messageID: messageID, latency: response.latency, attempts: response.attempts))
    }
}
