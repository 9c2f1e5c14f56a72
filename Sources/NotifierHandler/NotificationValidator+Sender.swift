import EmailKit

extension NotificationValidator {
    /// The sender: the message's own `from`, else `NOTIFIER_DEFAULT_FROM`, and allowed by the policy.
    func sender(of notification: Notification, at path: FieldPath, problems: inout ValidationError) -> EmailAddress? {
        let field = path.field(notification.fieldNames.from)
        let from: EmailAddress
        if let text = notification.from {
            guard let parsed = Self.address(text, at: field, problems: &problems) else { return nil }
            from = parsed
        } else if let defaultFrom {
            from = defaultFrom
        } else {
            problems.append(field, .missing, "is required (NOTIFIER_DEFAULT_FROM is not set)")
            return nil
        }
        guard senderPolicy.allows(from) else {
            problems.append(field, .senderNotAllowed, "sender \(from.address) is not allowed by NOTIFIER_ALLOWED_SENDERS")
            return nil
        }
        return from
    }

    /// `text` parsed as an address, or `nil` with the reason recorded at `field`.
    static func address(_ text: String, at field: FieldPath, problems: inout ValidationError) -> EmailAddress? {
        do {
            return try EmailAddress(parsing: text)
        } catch {
            let reason: FieldError.Reason = error.reason == .controlCharacterInDisplayName ? .unsafeCharacter : .invalidAddress
            problems.append(field, reason, error.description)
            return nil
        }
    }
}
