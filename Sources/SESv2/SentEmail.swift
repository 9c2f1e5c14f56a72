/// A message SES accepted.
public struct SentEmail: Sendable, Equatable {
    /// The `MessageId` SES assigned; it names the message in SES events and bounces.
    public var messageID: String
    /// From the start of the first attempt to SES's acceptance, retries and their delays included.
    public var latency: Duration
    /// Requests sent for this message, the successful one included.
    public var attempts: Int
}
