import EmailKit

extension NotificationValidator {
    /// The parsed recipients and reply-to addresses of a message.
    struct Recipients {
        var to: [EmailAddress] = []
        var cc: [EmailAddress] = []
        var bcc: [EmailAddress] = []
        var replyTo: [EmailAddress] = []
    }

    /// To, Cc, Bcc and Reply-To, counted against SES's limits before any address is parsed: a
    /// list over the limit is one error, whatever it holds.
    func recipients(of notification: Notification, at path: FieldPath, problems: inout ValidationError) -> Recipients {
        let toField = path.field(notification.fieldNames.to)
        var recipients = Recipients()
        let count = notification.to.count + notification.cc.count + notification.bcc.count
        if count == 0 {
            problems.append(toField, .missing, "at least one recipient (to, cc or bcc) is required")
        } else if count > SESLimits.maximumRecipients {
            problems.append(toField, .tooMany, "at most \(SESLimits.maximumRecipients) recipients in total (to + cc + bcc) are allowed, found \(count)")
        } else {
            recipients.to = Self.addresses(notification.to, at: toField, problems: &problems)
            recipients.cc = Self.addresses(notification.cc, at: path.field("cc"), problems: &problems)
            recipients.bcc = Self.addresses(notification.bcc, at: path.field("bcc"), problems: &problems)
        }
        if notification.replyTo.count > SESLimits.maximumReplyToAddresses {
            problems.append(path.field("replyTo"), .tooMany, "at most \(SESLimits.maximumReplyToAddresses) reply-to addresses are allowed, found \(notification.replyTo.count)")
        } else {
            recipients.replyTo = Self.addresses(notification.replyTo, at: path.field("replyTo"), problems: &problems)
        }
        return recipients
    }

    private static func addresses(_ recipients: [Notification.Recipient], at field: FieldPath, problems: inout ValidationError) -> [EmailAddress] {
        recipients.enumerated().compactMap { index, recipient in
            switch recipient {
            case .text(let text):
                address(text, at: field.index(index), problems: &problems)
            case .mailbox(let name, let address):
                mailbox(name: name, address: address, at: field.index(index), problems: &problems)
            }
        }
    }

    /// A name and an address given apart: the name becomes the display name as it is, never
    /// parsed. Problems are reported at `.name` and `.address` of `field`, both at once.
    private static func mailbox(name: String?, address: String, at field: FieldPath, problems: inout ValidationError) -> EmailAddress? {
        do {
            return try EmailAddress(address: address, displayName: name)
        } catch where error.reason == .controlCharacterInDisplayName {
            problems.append(field.field("name"), .unsafeCharacter,
                            "contains a control character (such as CR or LF) or a bidirectional formatting character (such as U+202E)")
            _ = mailbox(name: nil, address: address, at: field, problems: &problems)
        } catch {
            problems.append(field.field("address"), .invalidAddress, error.description)
        }
        return nil
    }
}
