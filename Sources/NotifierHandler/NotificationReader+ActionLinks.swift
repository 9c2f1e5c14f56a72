import JSON
import WallClock

extension NotificationReader {
    /// The links of an approval message (one with `taskToken` and `actions`), made before its
    /// template is rendered so that the template can place them: they are the template's
    /// `actions` variable. `nil` for any other message, or when the links could not be made for
    /// a reason added to `errors`; a key that cannot be read now is the failure.
    func issueActionLinks(
        for notification: inout Notification, path: FieldPath, errors: inout ValidationError, deadline: ContinuousClock.Instant
    ) -> Result<ActionLinkIssuer.IssuedLinks?, DeliveryFailure> {
        guard let approval = notification.approval, approval.taskToken != nil, !approval.actions.isEmpty else { return .success(nil) }
        guard let actionLinks else {
            errors.append(path.field("taskToken"), .invalidValue, "approval links are not configured here (NOTIFIER_ACTION_SECRET_ID is not set)")
            return .success(nil)
        }
        let issued: ActionLinkIssuer.IssuedLinks
        switch actionLinks.issue(approval, path: path, now: .now(), deadline: deadline) {
        case .success(let links):
            issued = links
        case .failure(.invalid(let error)):
            errors.append(contentsOf: error)
            return .success(nil)
        case .failure(.unavailable(let failure)):
            return .failure(failure)
        }
        if notification.template != nil {
            var data = notification.data?.objectValue ?? JSONObject()
            if data["actions"] != nil {
                errors.append(path.field("data").field("actions"), .invalidValue, "is where the template finds the action links; use another name")
                return .success(nil)
            }
            data["actions"] = issued.templateValue
            notification.data = .object(data)
        }
        return .success(issued)
    }
}
