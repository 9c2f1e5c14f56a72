/// A message SES accepted, as its status record begins: SES's id and what the producer gave
/// that the status API and webhooks report back.
struct SentMessage: Sendable, Equatable {
    var messageID: String
    /// To, Cc and Bcc addresses, as SES was given them.
    var recipients: [String]
    var tags: [String: String]
    var idempotencyKey: String?
    var statusWebhook: String?
    var configurationSet: String?

    init(messageID: String, email: PreparedEmail) {
        self.messageID = messageID
        let message = email.message
        recipients = (message.to + message.cc + message.bcc).map(\.address)
        var tags: [String: String] = [:]
        for tag in message.tags { tags[tag.name] = tag.value }
        self.tags = tags
        idempotencyKey = email.idempotencyKey
        statusWebhook = email.statusWebhook
        configurationSet = email.configurationSet
    }
}
