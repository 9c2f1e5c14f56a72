extension NotificationValidator {
    /// The message's own status webhook, when status webhooks are configured and its URL passes
    /// their policy (an allowed https host that resolves to no private, loopback or link-local address).
    func statusWebhook(of notification: Notification, at path: FieldPath, problems: inout ValidationError) -> String? {
        guard let webhook = notification.statusWebhook else { return nil }
        guard let statusWebhookPolicy else {
            problems.append(path.field("statusWebhook"), .invalidValue, "status webhooks are off: NOTIFIER_STATUS_WEBHOOK_HOSTS is not set")
            return nil
        }
        do {
            _ = try statusWebhookPolicy.check(webhook)
            return webhook
        } catch {
            problems.append(path.field("statusWebhook"), .invalidValue, error.description)
            return nil
        }
    }
}
