import AWSCore
import EmailKit
import JSON

extension PreparedEmail {
    /// SHA-256 in hex of the e-mail as validated, in one canonical form: the normalised message
    /// (addresses as parsed, empty bodies as none, rendered templates, attachments by the hash of
    /// their decoded bytes) and its configuration set, never the raw envelope. Two notifications
    /// that would send the same e-mail have the same hash however their JSON was written; the
    /// idempotency key itself is not part of it.
    var payloadHash: String {
        let message = message
        func addresses(_ list: [EmailAddress]) -> JSONValue {
            .array(list.map { [.string($0.address), $0.displayName.map(JSONValue.string) ?? .null] })
        }
        func text(_ value: String?) -> JSONValue {
            guard let value, !value.isEmpty else { return .null }
            return .string(value)
        }
        let canonical: JSONValue = [
            "notifier-payload-1",
            addresses([message.from]), addresses(message.to), addresses(message.cc), addresses(message.bcc),
            addresses(message.replyTo),
            .string(message.subject), text(message.textBody), text(message.htmlBody),
            .array(message.attachments.map { attachment in
                [.string(attachment.filename), .string(attachment.contentType), text(attachment.contentID),
                 .string(Digest.sha256(attachment.data).lowercaseHex)]
            }),
            .array(message.headers.map { [.string($0.name), .string($0.value)] }),
            .array(message.tags.map { [.string($0.name), .string($0.value)] }),
            text(configurationSet),
        ]
        return Digest.sha256(canonical.serialized()).lowercaseHex
    }
}
