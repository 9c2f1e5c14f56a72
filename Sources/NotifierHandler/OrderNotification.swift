import EmailKit
import JSON

/// The order e-mails of the order service: the body of `POST /notify/order-received` or
/// `/notify/order-shipped` is the order exactly as that service posts it,
/// `{"id", "total", "items": [{"name", "quantity", "price_per_unit"}], "order_customer": {"name", "email"}}`,
/// and becomes a notification of the route's template, sent to the customer, with the whole order
/// as the template's data.
enum OrderNotification {
    /// Route path → template name.
    static let templates = [
        "/notify/order-received": "order-received",
        "/notify/order-shipped": "order-shipped",
    ]

    static func read(_ body: [UInt8], template: String, reader: NotificationReader, deadline: ContinuousClock.Instant) -> Result<PreparedEmail, ReadFailure> {
        let order: JSONValue
        switch NotificationReader.parse(body, path: .root) {
        case .success(let value): order = value
        case .failure(let error): return .failure(.invalid(error))
        }
        guard order.objectValue != nil else {
            return .failure(.invalid(ValidationError(.whole("(body)"), .invalidType, "expected an order object, found \(order.typeName)")))
        }
        let customer = FieldPath.root.field("order_customer")
        guard let email = order["order_customer"]?["email"]?.stringValue else {
            return .failure(.invalid(ValidationError(customer.field("email"), .missing, "is required: the order's customer receives the e-mail")))
        }
        let recipient: EmailAddress
        do {
            recipient = try EmailAddress(address: email, displayName: order["order_customer"]?["name"]?.stringValue)
        } catch {
            let reason: FieldError.Reason = error.reason == .controlCharacterInDisplayName ? .unsafeCharacter : .invalidAddress
            return .failure(.invalid(ValidationError(customer, reason, error.description)))
        }
        let notification: JSONValue = [
            "to": .string(recipient.description),
            "template": .string(template),
            "data": order,
        ]
        return reader.read(notification, deadline: deadline)
    }
}
