import JSON

/// The approval part of a notification: the Step Functions task waiting for an answer and the
/// actions the reader may choose, each becoming a link in the e-mail (see ``ActionLinkIssuer``).
struct ApprovalRequest: Sendable, Equatable {
    /// One choice: a button in the HTML part, a line in the text part.
    struct Action: Sendable, Equatable {
        enum Kind: String, Sendable, Equatable {
            case success, failure, heartbeat
        }

        /// Letters, digits, `-` and `_`, unique in the message: `approve`.
        var name: String
        /// The button's text: `Approve`.
        var label: String
        var kind: Kind
        /// `success` only: the task's output, JSON text (default `{"action": name}`).
        var output: String?
        /// `failure` only: Step Functions' `error` and `cause`.
        var error: String?
        var cause: String?
    }

    /// `$$.Task.Token` of a `.waitForTaskToken` task. Secret: never logged.
    var taskToken: String?
    var actions: [Action] = []
    /// Seconds the links stay valid; `nil` means `NOTIFIER_ACTION_LINK_DEFAULT_SECONDS`.
    var linkExpiresIn: Int?
}
