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
        do {
            order = try JSONParser.parse(body)
        } catch {
            return .failure(.invalid(ValidationError(errors: [FieldError(field: "(body)", message: error.description)])))
        }
        guard order.objectValue != nil else {
            return .failure(.invalid(ValidationError(errors: [FieldError(field: "(body)", message: "expected an order object, found \(order.typeName)")])))
        }
        guard let email = order["order_customer"]?["email"]?.stringValue else {
            return .failure(.invalid(ValidationError(errors: [FieldError(field: "order_customer.email", message: "is required: the order's customer receives the e-mail")])))
        }
        let recipient: EmailAddress
        do {
            recipient = try EmailAddress(address: email, displayName: order["order_customer"]?["name"]?.stringValue)
        } catch {
            return .failure(.invalid(ValidationError(errors: [FieldError(field: "order_customer", message: "\(error)")])))
        }
        let notification: JSONValue = [
            "to": .string(recipient.description),
            "template": .string(template),
            "data": order,
        ]
        return reader.read(notification, path: "", deadline: deadline)
    }
}
