import EmailKit

extension NotificationValidator {
    /// Extra header fields, allowed by ``HeaderPolicy`` (the list the MIME writer enforces too),
    /// with values on one line. (How many there may be is checked by the parser.)
    func headers(of notification: Notification, at path: FieldPath, problems: inout ValidationError) -> [EmailHeader] {
        var headers: [EmailHeader] = []
        for (name, value) in notification.headers {
            let field = path.field("headers").key(name)
            if let refusal = HeaderPolicy.refusal(forName: name) {
                problems.append(field, refusal == .invalidName ? .invalidValue : .headerNotAllowed, refusal.description)
            } else if Self.containsLineBreak(value) {
                problems.append(field, .unsafeCharacter, "must not contain CR, LF or NUL characters")
            } else {
                headers.append(EmailHeader(name: name, value: value))
            }
        }
        return headers
    }
}
