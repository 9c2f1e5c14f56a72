import ActionLinks
import ByteEncoding
import JSON
import StepFunctions
import WallClock

/// Makes the links of an approval e-mail: one sealed ``ActionLinkClaim`` per action, as
/// `<base URL>/actions/<token>`.
struct ActionLinkIssuer {
    var keys: ActionKeyRing
    /// `NOTIFIER_ACTION_BASE_URL`, else the API Gateway request's own URL (see
    /// ``APIGatewayRequest/publicBaseURL``), without a trailing slash; `nil` when neither is known.
    var baseURL: String?
    /// `NOTIFIER_ACTION_LINK_DEFAULT_SECONDS` and `NOTIFIER_ACTION_LINK_MAX_SECONDS`.
    var defaultLifetime: Int
    var maximumLifetime: Int

    /// The links of one e-mail, all valid until the same moment.
    struct IssuedLinks: Sendable, Equatable {
        struct Link: Sendable, Equatable {
            var name: String
            var label: String
            var kind: ApprovalRequest.Action.Kind
            var url: String
        }

        var links: [Link]
        var expiresAt: WallClockTime
        /// A random id all links of the e-mail carry, logged when one is used.
        var messageID: String

        /// What a template sees as `actions`: `[{name, label, type, url, success, failure,
        /// heartbeat}]`, the last three booleans saying the type, for sections like `{{#success}}`.
        var templateValue: JSONValue {
            .array(links.map { link in
                [
                    "name": .string(link.name), "label": .string(link.label), "type": .string(link.kind.rawValue), "url": .string(link.url),
                    "success": .bool(link.kind == .success), "failure": .bool(link.kind == .failure), "heartbeat": .bool(link.kind == .heartbeat),
                ]
            })
        }
    }

    /// The links for `approval`, or why there are none: a field error (no public URL known, a
    /// lifetime over the maximum), or a key that cannot be read now (retryable).
    func issue(_ approval: ApprovalRequest, path: FieldPath, now: WallClockTime, deadline: ContinuousClock.Instant) -> Result<IssuedLinks, ReadFailure> {
        guard let taskToken = approval.taskToken, !approval.actions.isEmpty else {
            return .failure(.invalid(ApprovalFieldsParser.check(approval, path: path)))
        }
        var errors = ValidationError()
        let lifetime = approval.linkExpiresIn ?? defaultLifetime
        if lifetime > maximumLifetime {
            errors.append(path.field("linkExpiresIn"), .invalidValue, "must be at most \(maximumLifetime) seconds (NOTIFIER_ACTION_LINK_MAX_SECONDS)")
        }
        if baseURL == nil {
            errors.append(path.field("actions"), .invalidValue, "links need the function's public URL: set NOTIFIER_ACTION_BASE_URL, or send the message through the API")
        }
        guard errors.isEmpty, let baseURL else { return .failure(.invalid(errors)) }

        let key: ActionLinkKey
        do {
            key = try keys.currentKey(deadline: deadline)
        } catch {
            return .failure(.unavailable(DeliveryFailure(code: "ActionKeyUnavailable", message: error.description, isRetryable: error.isRetryable)))
        }
        guard let random = SecureRandom.bytes(12) else {
            return .failure(.unavailable(DeliveryFailure(code: "RandomUnavailable", message: "no random bytes for the links", isRetryable: true)))
        }
        let expiresAt = now + .seconds(lifetime)
        let messageID = Hex.lowercase(random)
        var links: [IssuedLinks.Link] = []
        for action in approval.actions {
            let answer: TaskAnswer = switch action.kind {
            case .success: .success(output: action.output ?? "{}")
            case .failure: .failure(error: action.error, cause: action.cause)
            case .heartbeat: .heartbeat
            }
            let claim = ActionLinkClaim(taskToken: taskToken, action: action.name, label: action.label, answer: answer, expiresAt: expiresAt, messageID: messageID)
            guard let token = SealedActionLink.seal(claim, with: key) else {
                return .failure(.unavailable(DeliveryFailure(code: "RandomUnavailable", message: "a link could not be sealed", isRetryable: true)))
            }
            links.append(IssuedLinks.Link(name: action.name, label: action.label, kind: action.kind, url: "\(baseURL)/actions/\(token)"))
        }
        return .success(IssuedLinks(links: links, expiresAt: expiresAt, messageID: messageID))
    }
}
