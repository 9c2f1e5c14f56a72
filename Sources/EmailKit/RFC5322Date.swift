import FoundationEssentials
import Glibc

/// Dates as RFC 5322 §3.3 writes them, in UTC: `Sat, 21 Nov 2026 10:04:05 +0000`.
///
/// Formatted by hand from `gmtime_r`: `DateFormatter` would pull in ICU for a
/// fixed English format that never changes.
enum RFC5322Date {
    /// 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z: four-digit years only.
    private static let representable: ClosedRange<Double> = -2_208_988_800...253_402_300_799

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date, truncated to whole seconds, in RFC 5322 form.
    static func format(_ date: Date) throws(MIMEError) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard representable.contains(seconds) else {
            throw MIMEError.dateOutOfRange(secondsSince1970: date.timeIntervalSince1970)
        }
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else {
            throw MIMEError.dateOutOfRange(secondsSince1970: date.timeIntervalSince1970)
        }
        return "\(weekdays[Int(parts.tm_wday)]), \(twoDigits(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) +0000"
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
