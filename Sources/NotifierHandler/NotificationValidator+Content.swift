extension NotificationValidator {
    /// The subject and bodies of a message.
    struct Content {
        var subject: String
        var text: String?
        var html: String?
    }

    /// A one-line subject within RFC 5322's line limit, and a text or HTML body; `nil` when either fails.
    func content(of notification: Notification, at path: FieldPath, problems: inout ValidationError) -> Content? {
        let names = notification.fieldNames
        let subject = notification.subject ?? ""
        var valid = true
        if subject.trimmingWhitespace().isEmpty {
            problems.append(path.field(names.subject), .missing, "is required")
            valid = false
        } else if subject.utf8.count > NotificationLimits.maximumSubjectOctets {
            problems.append(path.field(names.subject), .tooLong, "is \(subject.utf8.count) octets long; at most \(NotificationLimits.maximumSubjectOctets) are allowed")
            valid = false
        } else if Self.containsLineBreak(subject) {
            problems.append(path.field(names.subject), .unsafeCharacter, "must not contain CR, LF or NUL characters")
            valid = false
        }
        let text = notification.text.flatMap { $0.isEmpty ? nil : $0 }
        let html = notification.html.flatMap { $0.isEmpty ? nil : $0 }
        if text == nil && html == nil {
            problems.append(path.field(names.text), .missing, "a text or html body is required")
            valid = false
        }
        return valid ? Content(subject: subject, text: text, html: html) : nil
    }
}
