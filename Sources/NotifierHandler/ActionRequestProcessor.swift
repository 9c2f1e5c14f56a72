import ActionLinks
import AWSCore
import LambdaRuntime
import StepFunctions
import WallClock

/// Serves `GET` and `POST /actions/{token}`, the links of approval e-mails. The token is the
/// credential; the routes need no API key.
///
/// - `GET` changes nothing: mail scanners and link previews fetch links, and a GET that answered
///   the task would let them approve. It shows what the link does and a button that POSTs.
/// - `POST` sends the link's answer to Step Functions and shows the outcome: done, already
///   answered (the task is closed or unknown: `TaskTimedOut`, `TaskDoesNotExist`,
///   `InvalidToken`), or try again (throttled, unreachable).
/// - A link that does not open (cut off, altered, another key), or has expired, gets its page
///   without any call to Step Functions.
///
/// Each request is logged with the action, its outcome and the e-mail's link id, never the token
/// or the task token.
struct ActionRequestProcessor {
    var keys: ActionKeyRing?
    var stepFunctions: StepFunctionsClient?

    /// What a request came to: the page, and the log line's outcome.
    enum Outcome: String {
        case confirmation, done, alreadyAnswered, expired, invalidLink, unavailable, notConfigured, methodNotAllowed
    }

    func process(_ request: APIGatewayRequest, token: String, logger: LambdaLogger, deadline: ContinuousClock.Instant) -> ActionPage {
        let (page, outcome, claim, errorCode) = answer(request, token: token, deadline: deadline)
        logger.info("action link \(request.method) \(outcome.rawValue)", fields: [
            "route": "actions", "method": .string(request.method), "outcome": .string(outcome.rawValue),
            "action": .string(claim?.action ?? "-"), "linkMessageId": .string(claim?.messageID ?? "-"),
            "errorCode": .string(errorCode ?? "-"),
        ])
        return page
    }

    private func answer(_ request: APIGatewayRequest, token: String, deadline: ContinuousClock.Instant)
        -> (ActionPage, Outcome, ActionLinkClaim?, String?)
    {
        guard let keys, let stepFunctions else {
            return (Self.notConfigured, .notConfigured, nil, nil)
        }
        guard request.method == "GET" || request.method == "POST" else {
            return (ActionPage(statusCode: 405, title: "Not allowed", paragraphs: ["Open the link from the e-mail."]), .methodNotAllowed, nil, nil)
        }
        guard let sealed = SealedActionLink(text: token) else { return (Self.invalidLink, .invalidLink, nil, nil) }
        let claim: ActionLinkClaim
        do {
            guard let key = try keys.key(id: sealed.keyID, deadline: deadline), let opened = sealed.open(with: key) else {
                return (Self.invalidLink, .invalidLink, nil, nil)
            }
            claim = opened
        } catch {
            return (Self.tryAgain, .unavailable, nil, "ActionKeyUnavailable")
        }
        if claim.isExpired(at: .now()) {
            return (Self.expired(claim), .expired, claim, nil)
        }
        guard request.method == "POST" else {
            return (Self.confirmation(claim), .confirmation, claim, nil)
        }
        do {
            try stepFunctions.send(claim.answer, taskToken: claim.taskToken, deadline: deadline)
            return (Self.done(claim), .done, claim, nil)
        } catch where TaskAnswer.closedTaskCodes.contains(error.code) {
            return (Self.alreadyAnswered(claim), .alreadyAnswered, claim, error.code)
        } catch where error.mayHaveBeenSent {
            return (Self.unconfirmed(claim), .unavailable, claim, error.code)
        } catch {
            return (Self.tryAgain, .unavailable, claim, error.code)
        }
    }

    // MARK: Pages

    static func confirmation(_ claim: ActionLinkClaim) -> ActionPage {
        let kind = ApprovalRequest.Action.Kind(claim.answer)
        let effect = switch kind {
        case .success, .failure: "Your answer is sent to the workflow waiting for it when you press the button. Nothing has been sent yet."
        case .heartbeat: "Pressing the button tells the workflow the request is still being looked at, so it keeps waiting. Nothing has been sent yet."
        }
        return ActionPage(
            statusCode: 200, title: "\(claim.label)?", paragraphs: [effect],
            button: (claim.label, kind), note: "This link works until \(Self.time(claim.expiresAt)).")
    }

    static func done(_ claim: ActionLinkClaim) -> ActionPage {
        switch ApprovalRequest.Action.Kind(claim.answer) {
        case .heartbeat:
            ActionPage(statusCode: 200, title: "Still waiting", paragraphs: ["The workflow knows the request is being looked at and keeps waiting for an answer. You can close this page."])
        case .success, .failure:
            ActionPage(statusCode: 200, title: "Done: \(claim.label)", paragraphs: ["Your answer was recorded. You can close this page."])
        }
    }

    static func alreadyAnswered(_ claim: ActionLinkClaim) -> ActionPage {
        ActionPage(statusCode: 409, title: "Already answered", paragraphs: [
            "This request is no longer waiting for an answer: someone has already answered it, or it was cancelled or timed out.",
            "Your choice (\(claim.label)) was not recorded. There is nothing more to do.",
        ])
    }

    static func expired(_ claim: ActionLinkClaim) -> ActionPage {
        ActionPage(statusCode: 410, title: "This link has expired", paragraphs: [
            "It worked until \(Self.time(claim.expiresAt)). Nothing was sent.",
            "If the request still needs an answer, ask its sender for a new e-mail.",
        ])
    }

    static let invalidLink = ActionPage(statusCode: 404, title: "This link does not work", paragraphs: [
        "It may have been cut off or changed on the way: some mail programs break long links. Nothing was sent.",
        "Open it again from the e-mail, or copy the whole address into your browser.",
    ])

    static let tryAgain = ActionPage(statusCode: 503, title: "Please try again", paragraphs: [
        "Your answer could not be sent just now, and nothing was recorded. Try again in a minute.",
    ])

    static func unconfirmed(_ claim: ActionLinkClaim) -> ActionPage {
        ActionPage(statusCode: 503, title: "Not confirmed", paragraphs: [
            "Your answer (\(claim.label)) may or may not have been recorded: the confirmation was lost on the way.",
            "Open the link from the e-mail again and press the button: if it was recorded, the page says the request is already answered.",
        ])
    }

    static let notConfigured = ActionPage(statusCode: 404, title: "This link does not work here", paragraphs: [
        "This service does not handle approval links. Nothing was sent.",
    ])

    /// `2025-03-07 14:05 UTC`.
    static func time(_ time: WallClockTime) -> String {
        let utc = time.utc
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(utc.year)-\(two(utc.month))-\(two(utc.day)) \(two(utc.hour)):\(two(utc.minute)) UTC"
    }
}

extension ApprovalRequest.Action.Kind {
    init(_ answer: TaskAnswer) {
        switch answer {
        case .success: self = .success
        case .failure: self = .failure
        case .heartbeat: self = .heartbeat
        }
    }
}
