import WallClock

/// Dates as RFC 5322 §3.3 writes them, in UTC: `Sat, 21 Nov 2026 10:04:05 +0000`.
///
/// Formatted by hand from the UTC calendar breakdown: a date formatter would pull in ICU for a
/// fixed English format that never changes.
enum RFC5322Date {
    /// 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z: four-digit years only.
    private static let representable: ClosedRange<Int64> = -2_208_988_800...253_402_300_799

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The time, truncated to whole seconds, in RFC 5322 form.
    static func format(_ time: WallClockTime) throws(MIMEError) -> String {
        guard representable.contains(time.secondsSince1970) else {
            throw MIMEError.dateOutOfRange(secondsSince1970: time.secondsSince1970)
        }
        let utc = time.utc
        return "\(weekdays[utc.weekday]), \(twoDigits(utc.day)) \(months[utc.month - 1]) \(utc.year) "
            + "\(twoDigits(utc.hour)):\(twoDigits(utc.minute)):\(twoDigits(utc.second)) +0000"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
