import Foundation
import LoopbackHTTP

/// The one fake SES v2 `SendEmail` endpoint, on loopback: for what moto cannot be made to do —
/// throttling, any error SES sends, answers too slow for the deadline, connections broken before
/// the answer, unreadable answers — and for SES's latency in the benchmarks.
///
/// A policy decides each answer from the message's subject and how many times that subject has
/// been sent, so a test can fail the first attempt of every message, or only some messages, or
/// play a script of answers by attempt. The endpoint keeps the books the accounting checks need:
/// every request it received, and every message it *accepted* — that is, every message real SES
/// would now deliver, whether or not the client learnt its `MessageId`. Signatures are not checked
/// (moto does that).
public final class FaultInjectingSESEndpoint: Sendable {
    /// How one request is answered.
    public indirect enum Answer: Sendable, Hashable, CustomStringConvertible {
        /// 200 with a fresh `MessageId`: accepted, and the client is told.
        case accept
        /// An error the way SES v2 (rest-json) sends it: the code in `x-amzn-ErrorType`, the
        /// message in the body. Not accepted.
        case error(status: Int, code: String, message: String)
        /// This answer, given only after `delay`. An acceptance answered past the client's
        /// timeout is the case where SES has the message and the client never learns it.
        case delayed(Duration, Answer)
        /// Accepted, then the connection is reset before the 200 is written: the answer is lost.
        case acceptThenReset
        /// Accepted, answered 200 with a body that is not JSON, so the `MessageId` cannot be read.
        case acceptWithInvalidJSON
        /// Accepted, answered 200 with the JSON object `{}`: no `MessageId` to read.
        case acceptWithoutMessageID
        /// The connection is reset without an answer; nothing accepted.
        case reset
        /// The connection is closed (FIN) without an answer; nothing accepted.
        case close

        /// 429 `TooManyRequestsException`.
        public static let throttle = Answer.error(status: 429, code: "TooManyRequestsException", message: "Maximum sending rate exceeded.")
        /// 500 `InternalFailure`.
        public static let internalFailure = Answer.error(status: 500, code: "InternalFailure", message: "The request processing has failed because of an unknown error.")
        /// 503 `ServiceUnavailable`.
        public static let serviceUnavailable = Answer.error(status: 503, code: "ServiceUnavailable", message: "Service unavailable.")
        /// 400 `MessageRejected`: trying again cannot help.
        public static let reject = Answer.error(status: 400, code: "MessageRejected", message: "Email address is not verified.")

        /// Accepted, the 200 sent only after `delay`.
        public static func acceptSlowly(_ delay: Duration) -> Answer {
            .delayed(delay, .accept)
        }

        /// Whether SES would have the message after answering this way.
        public var accepts: Bool {
            switch self {
            case .accept, .acceptThenReset, .acceptWithInvalidJSON, .acceptWithoutMessageID: true
            case .delayed(_, let answer): answer.accepts
            case .error, .reset, .close: false
            }
        }

        public var description: String {
            switch self {
            case .accept: "accept"
            case .error(let status, let code, _): "\(status) \(code)"
            case .delayed(let delay, let answer): "\(answer) after \(delay)"
            case .acceptThenReset: "accept, then reset"
            case .acceptWithInvalidJSON: "accept, invalid JSON"
            case .acceptWithoutMessageID: "accept, no MessageId"
            case .reset: "reset"
            case .close: "close"
            }
        }
    }

    /// What the policy sees of a request.
    public struct Request: Sendable {
        /// The `Subject` of the raw message: the tests put each input message's id there. Empty
        /// when the endpoint does not read messages (see ``init(readsMessages:policy:)``).
        public var subject: String
        /// 1 for the first request carrying this subject, 2 for the next, and so on.
        public var attempt: Int
    }

    /// A message the endpoint accepted: real SES would deliver it.
    public struct Acceptance: Sendable {
        public var subject: String
        public var messageID: String
        /// The raw MIME message, decoded from `Content.Raw.Data`.
        public var rawMessage: Data
        /// How the acceptance was answered; anything but ``Answer/accept`` may not have reached the client.
        public var answer: Answer
    }

    /// One request as received, and how it was answered. A request that is not a `SendEmail`
    /// (another route, no readable `Content.Raw.Data`) is answered with an error, attempt 0.
    public struct Exchange: Sendable {
        public var subject: String
        public var attempt: Int
        public var answer: Answer
        /// The request's header fields as sent (`Authorization`, `X-Amz-Date`, …).
        public var headers: HTTPServerHeaders
    }

    public typealias Policy = @Sendable (Request) -> Answer

    private let server: HTTPServer
    private let ledger: Ledger

    /// Starts serving on an ephemeral loopback port, answering each request as `policy` says.
    ///
    /// `readsMessages: false` is for long runs that only need SES's answers (the benchmarks): the
    /// body is not decoded, so reading it costs no time in the answer's latency; every request's
    /// subject is empty and nothing is booked (``accepted`` and ``exchanges`` stay empty).
    public init(readsMessages: Bool = true, policy: @escaping Policy) throws {
        let ledger = Ledger(readsMessages: readsMessages)
        self.ledger = ledger
        server = try HTTPServer { request in ledger.answer(request, policy: policy) }
    }

    deinit {
        server.shutdown()
    }

    /// The value for `AWS_ENDPOINT_URL_SESV2`.
    public var endpoint: String { "http://127.0.0.1:\(server.port)" }

    /// Every message accepted so far, in the order of acceptance.
    public var accepted: [Acceptance] {
        ledger.state.withLock { $0.accepted }
    }

    /// Every request received so far, in order.
    public var exchanges: [Exchange] {
        ledger.state.withLock { $0.exchanges }
    }

    private final class Ledger: Sendable {
        struct State: Sendable {
            var accepted: [Acceptance] = []
            var exchanges: [Exchange] = []
            var attempts: [String: Int] = [:]
            /// Numbers each answer's `MessageId`.
            var requests = 0
        }

        /// Connection threads answer concurrently. A pthread mutex rather than
        /// `Synchronization.Mutex`, whose contended path (a PI futex the kernel takes over)
        /// ThreadSanitizer cannot see, so that `scripts/test-sanitizers` reports real races only.
        let state = WaitableMutex(State())
        let readsMessages: Bool

        init(readsMessages: Bool) {
            self.readsMessages = readsMessages
        }

        func answer(_ request: HTTPServerRequest, policy: Policy) -> HTTPServerResponse {
            guard request.method == "POST", request.path == "/v2/email/outbound-emails" else {
                return refuse(request, .error(status: 404, code: "NotFoundException", message: "no route for \(request.method) \(request.path)"))
            }
            var rawMessage = Data()
            if readsMessages {
                guard let message = Self.rawMessage(in: request.body) else {
                    return refuse(request, .error(status: 400, code: "BadRequestException", message: "Content.Raw.Data is missing or not base64"))
                }
                rawMessage = message
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
                state.requests += 1
                let messageID = String(format: "0100019a-fault-%06d", state.requests)
                if readsMessages {
                    state.exchanges.append(Exchange(subject: subject, attempt: attempt, answer: answer, headers: request.headers))
                    if answer.accepts {
                        state.accepted.append(Acceptance(subject: subject, messageID: messageID, rawMessage: rawMessage, answer: answer))
                    }
                }
                return messageID
            }
            return Self.response(answer, messageID: messageID)
        }

        /// Books a request that is not a `SendEmail` and answers it with `answer`.
        private func refuse(_ request: HTTPServerRequest, _ answer: Answer) -> HTTPServerResponse {
            if readsMessages {
                state.withLock { $0.exchanges.append(Exchange(subject: "", attempt: 0, answer: answer, headers: request.headers)) }
            }
            return Self.response(answer, messageID: "")
        }

        static func response(_ answer: Answer, messageID: String) -> HTTPServerResponse {
            switch answer {
            case .accept:
                return accepted(body: #"{"MessageId":"\#(messageID)"}"#)
            case .acceptWithInvalidJSON:
                return accepted(body: #"{"MessageId":"\#(messageID)"#)
            case .acceptWithoutMessageID:
                return accepted(body: "{}")
            case .delayed(let delay, let answer):
                var response = response(answer, messageID: messageID)
                response.delay += delay
                return response
            case .acceptThenReset, .reset:
                return .reset()
            case .close:
                return .close()
            case .error(let status, let code, let message):
                return HTTPServerResponse(
                    status: status,
                    headers: [
                        "Content-Type": "application/json",
                        "x-amzn-ErrorType": "\(code):http://internal.amazon.com/coral/com.amazonaws.sesv2/",
                        "x-amzn-RequestId": "failed-request",
                    ],
                    body: Data(#"{"message":"\#(message)"}"#.utf8))
            }
        }

        static func accepted(body: String) -> HTTPServerResponse {
            HTTPServerResponse(
                status: 200,
                headers: ["Content-Type": "application/json", "x-amzn-RequestId": "accepted-request"],
                body: Data(body.utf8))
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
