/// Where validated e-mails go: SES in production, a folder of `.eml` files locally.
protocol MailTransport {
    /// Sends the e-mails, concurrently where the transport can, and returns one result per
    /// e-mail in order. No attempt starts after `deadline`; what is unsent by then fails with
    /// `DeadlineExceeded`.
    mutating func deliver(_ emails: [PreparedEmail], deadline: ContinuousClock.Instant) -> [Result<Delivery, DeliveryFailure>]
}

/// An e-mail the transport accepted.
struct Delivery: Sendable, Equatable {
    /// SES's `MessageId`, or the outbox file's name.
    var messageID: String
    /// From the start of the first attempt to acceptance, retries included.
    var latency: Duration
}
