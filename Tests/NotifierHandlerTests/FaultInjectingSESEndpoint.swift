import Foundation
import LoopbackHTTP

/// A fake SES v2 `SendEmail` endpoint on loopback, for the real `bootstrap` to send to when SES
/// must misbehave in ways moto cannot: throttling, server errors, answers too slow for the
/// deadline, connections broken before the answer, unreadable answers.
///
/// A policy decides each answer from the message's subject and how many times that subject has
/// been sent, so a test can fail the first attempt of every message, or only some messages. The
/// endpoint keeps the books the accounting check needs: every request it received, and every
/// message it *accepted* — that is, every message real SES would now deliver, whether or not the
/// client learnt its `MessageId`.
final class FaultInjectingSESEndpoint: Sendable {
    /// How one request is answered.
    enum Answer: Sendable, Hashable, CustomStringConvertible {
        /// 200 with a fresh `MessageId`: accepted, and the client is told.
        case accept
        /// 429 `TooManyRequestsException`: not accepted.
        case throttle
        /// 500 `InternalFailure`: not accepted.
        case internalFailure
        /// 503 `ServiceUnavailable`: not accepted.
        case serviceUnavailable
        /// 400 `MessageRejected`: not accepted, and trying again cannot help.
        case reject
        /// Accepted, but the 200 is sent only after this delay: past the client's timeout, SES has
        /// the message and the client never learns it.
        case acceptSlowly(Duration)
        /// Accepted, then the connection is reset before the 200 is written: the answer is lost.
        case acceptThenReset
        /// Accepted, answered 200 with a body that is not JSON, so the `MessageId` cannot be read.
        case acceptWithInvalidJSON
        /// The connection is reset without an answer; nothing accepted.
        case reset
        /// The connection is closed (FIN) without an answer; nothing accepted.
        case close

        /// Whether SES would have the message after answering this way.
        var accepts: Bool {
            switch self {
            case .accept, .acceptSlowly, .acceptThenReset, .acceptWithInvalidJSON: true
            case .throttle, .internalFailure, .serviceUnavailable, .reject, .reset, .close: false
            }
        }

        var description: String {
            switch self {
            case .accept: "accept"
            case .throttle: "429"
            case .internalFailure: "500"
            case .serviceUnavailable: "503"
            case .reject: "MessageRejected"
            case .acceptSlowly(let delay): "accept after \(delay)"
            case .acceptThenReset: "accept, then reset"
            case .acceptWithInvalidJSON: "accept, invalid JSON"
            case .reset: "reset"
            case .close: "close"
            }
        }
    }

    /// What the policy sees of a request.
    struct Request: Sendable {
        /// The `Subject` of the raw message: the tests put each input message's id there.
        var subject: String
        /// 1 for the first request carrying this subject, 2 for the next, and so on.
        var attempt: Int
    }

    /// A message the endpoint accepted: real SES would deliver it.
    struct Acceptance: Sendable {
        var subject: String
        var messageID: String
        /// The raw MIME message, decoded from `Content.Raw.Data`.
        var rawMessage: Data
        /// How the acceptance was answered; anything but ``Answer/accept`` may not have reached the client.
        var answer: Answer
    }

    /// One request as received, and how it was answered.
    struct Exchange: Sendable {
        var subject: String
        var attempt: Int
        var answer: Answer
    }

    typealias Policy = @Sendable (Request) -> Answer

    private let server: HTTPServer
    private let ledger: Ledger

    /// Starts serving on an ephemeral loopback port, answering each request as `policy` says.
    init(policy: @escaping Policy) throws {
        let ledger = Ledger()
        self.ledger = ledger
        server = try HTTPServer { request in ledger.answer(request, policy: policy) }
    }

    deinit {
        server.shutdown()
    }

    /// The value for `AWS_ENDPOINT_URL_SESV2`.
    var endpoint: String { "http://127.0.0.1:\(server.port)" }

    /// Every message accepted so far, in the order of acceptance.
    var accepted: [Acceptance] {
        ledger.state.withLock { $0.accepted }
    }

    /// Every request received so far, in order.
    var exchanges: [Exchange] {
        ledger.state.withLock { $0.exchanges }
    }

    private final class Ledger: Sendable {
        struct State: Sendable {
            var accepted: [Acceptance] = []
            var exchanges: [Exchange] = []
            var attempts: [String: Int] = [:]
        }

        /// Connection threads answer concurrently. A pthread mutex rather than
        /// `Synchronization.Mutex`, whose contended path (a PI futex the kernel takes over)
        /// ThreadSanitizer cannot see, so that `scripts/test-sanitizers` reports real races only.
        let state = WaitableMutex(State())

        func answer(_ request: HTTPServerRequest, policy: Policy) -> HTTPServerResponse {
            guard request.method == "POST", request.path == "/v2/email/outbound-emails" else {
                return .sesError(status: 404, code: "NotFoundException", message: "no route for \(request.method) \(request.path)")
            }
            guard let rawMessage = Self.rawMessage(in: request.body) else {
                return .sesError(status: 400, code: "BadRequestException", message: "Content.Raw.Data is missing or not base64")
            }
            let subject = Self.subject(of: rawMessage) ?? ""
            let attempt = state.withLock { state in
                state.attempts[subject, default: 0] += 1
                return state.attempts[subject] ?? 1
            }
            let answer = policy(Request(subject: subject, attempt: attempt))
            // Booked before the answer goes out: an acceptance whose answer is delayed or lost is
            // exactly the case the books must show.
            let messageID = state.withLock { state -> String in
                state.exchanges.append(Exchange(subject: subject, attempt: attempt, answer: answer))
                let messageID = String(format: "0100019a-fault-%06d", state.exchanges.count)
                if answer.accepts {
                    state.accepted.append(Acceptance(subject: subject, messageID: messageID, rawMessage: rawMessage, answer: answer))
                }
                return messageID
            }

            switch answer {
            case .accept:
                return .sesAccepted(messageID: messageID)
            case .acceptSlowly(let delay):
                var response = HTTPServerResponse.sesAccepted(messageID: messageID)
                response.delay = delay
                return response
            case .acceptWithInvalidJSON:
                return HTTPServerResponse(
                    status: 200,
                    headers: ["Content-Type": "application/json", "x-amzn-RequestId": "accepted-request"],
                    body: Data(#"{"MessageId":"\#(messageID)"#.utf8))
            case .acceptThenReset, .reset:
                return .reset()
            case .close:
                return .close()
            case .throttle:
                return .sesError(status: 429, code: "TooManyRequestsException", message: "Maximum sending rate exceeded.")
            case .internalFailure:
                return .sesError(status: 500, code: "InternalFailure", message: "The request processing has failed because of an unknown error.")
            case .serviceUnavailable:
                return .sesError(status: 503, code: "ServiceUnavailable", message: "Service unavailable.")
            case .reject:
                return .sesError(status: 400, code: "MessageRejected", message: "Email address is not verified.")
            }
        }

        /// `Content.Raw.Data` of a `SendEmail` body, base64-decoded.
        static func rawMessage(in body: Data) -> Data? {
            guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let content = json["Content"] as? [String: Any],
                  let raw = content["Raw"] as? [String: Any],
                  let data = raw["Data"] as? String
            else { return nil }
            return Data(base64Encoded: data)
        }

        /// The unfolded `Subject` field of a raw message, as written (the tests use ASCII subjects,
        /// which are never encoded).
        static func subject(of message: Data) -> String? {
            let text = String(decoding: message, as: UTF8.self)
            let head = text.components(separatedBy: "\r\n\r\n").first ?? text
            var subject: String?
            for line in head.components(separatedBy: "\r\n") {
                if let folded = subject, line.first == " " || line.first == "\t" {
                    subject = folded + line
                } else if subject != nil {
                    break
                } else if line.lowercased().hasPrefix("subject:") {
                    subject = String(line.dropFirst("subject:".count)).trimmingCharacters(in: .whitespaces)
                }
            }
            return subject
        }
    }
}

extension HTTPServerResponse {
    /// SES's answer to an accepted message.
    static func sesAccepted(messageID: String) -> HTTPServerResponse {
        HTTPServerResponse(
            status: 200,
            headers: ["Content-Type": "application/json", "x-amzn-RequestId": "accepted-request"],
            body: Data(#"{"MessageId":"\#(messageID)"}"#.utf8))
    }

    /// An error the way SES v2 (rest-json) sends it: the code in `x-amzn-ErrorType`, the message in the body.
    static func sesError(status: Int, code: String, message: String) -> HTTPServerResponse {
        HTTPServerResponse(
            status: status,
            headers: [
                "Content-Type": "application/json",
                "x-amzn-ErrorType": "\(code):http://internal.amazon.com/coral/com.amazonaws.sesv2/",
                "x-amzn-RequestId": "failed-request",
            ],
            body: Data(#"{"message":"\#(message)"}"#.utf8))
    }
}
