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

    private static func addresses(_ texts: [String], at field: FieldPath, problems: inout ValidationError) -> [EmailAddress] {
        texts.enumerated().compactMap { index, text in address(text, at: field.index(index), problems: &problems) }
    }
}
