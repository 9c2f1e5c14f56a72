import EmailKit

extension NotificationValidator {
    /// How SES should send a message, and under which idempotency key.
    struct SendingOptions {
        var tags: [EmailTag] = []
        var configurationSet: String?
        var idempotencyKey: String?
    }

    /// Tags and the configuration set as SES accepts them (their count checked by the parser), and
    /// the idempotency key.
    func sendingOptions(of notification: Notification, at path: FieldPath, problems: inout ValidationError) -> SendingOptions {
        var options = SendingOptions()
        for (name, value) in notification.tags {
            let field = path.field("tags").key(name)
            if !SESNames.isValidTagPart(name) {
                problems.append(field, .invalidValue, "tag names are 1-\(SESLimits.maximumTagPartLength) ASCII letters, digits, '_' or '-'")
            } else if !SESNames.isValidTagPart(value) {
                problems.append(field, .invalidValue, "tag values are 1-\(SESLimits.maximumTagPartLength) ASCII letters, digits, '_' or '-'")
            } else {
                options.tags.append(EmailTag(name: name, value: value))
            }
        }
        if let set = notification.configurationSet {
            if SESNames.isValidConfigurationSetName(set) {
                options.configurationSet = set
            } else {
                problems.append(path.field("configurationSet"), .invalidValue, "must be 1-64 ASCII letters, digits, '_' or '-'")
            }
        }
        if let key = notification.idempotencyKey {
            if key.isEmpty || key.utf8.count > NotificationLimits.maximumIdempotencyKeyOctets || Self.containsLineBreak(key) {
                problems.append(path.field("idempotencyKey"), .invalidValue, "must be 1-\(NotificationLimits.maximumIdempotencyKeyOctets) characters on one line")
            } else {
                options.idempotencyKey = key
            }
        }
        return options
    }
}
