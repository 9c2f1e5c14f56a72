/// Where a sent message stands, as SES's events tell it.
///
/// Events arrive late, out of order and more than once, so a status only ever moves up
/// ``precedence``: a `delivered` that arrives after `bounced` is kept in the timeline but does
/// not change the status.
enum MessageStatus: String, Sendable, CaseIterable {
    /// SES accepted the message (`SendEmail` answered, or SES's `Send` event).
    case sent
    /// The receiving server deferred it; SES keeps trying (`DeliveryDelay`).
    case delayed
    /// The receiving server accepted it (`Delivery`).
    case delivered
    /// The receiving server refused it, or SES gave up (`Bounce`).
    case bounced
    /// SES did not try: the address is on the suppression list (`Bounce` with subtype
    /// `OnAccountSuppressionList` or `OnSuppressionList`).
    case suppressed
    /// SES refused to send it, e.g. it carried a virus (`Reject`).
    case rejected
    /// The recipient marked it as spam (`Complaint`).
    case complained

    /// Higher wins. The final outcomes outrank `delivered`; a complaint, which comes after a
    /// delivery, outranks them all.
    var precedence: Int {
        switch self {
        case .sent: 0
        case .delayed: 1
        case .delivered: 2
        case .bounced, .suppressed, .rejected: 3
        case .complained: 4
        }
    }
}
