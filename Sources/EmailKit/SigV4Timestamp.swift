import FoundationEssentials
import Glibc

/// A signing time in the two forms SigV4 uses, formatted by hand in UTC.
struct SigV4Timestamp: Equatable {
    /// `yyyyMMdd`, the date in the credential scope.
    let date: String
    /// `yyyyMMdd'T'HHmmss'Z'`, the `X-Amz-Date` value.
    let dateTime: String

    init(_ instant: Date) {
        var seconds = time_t(instant.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        gmtime_r(&seconds, &fields)
        var text = ""
        text.reserveCapacity(16)
        Self.append(Int(fields.tm_year) + 1900, width: 4, to: &text)
        Self.append(Int(fields.tm_mon) + 1, width: 2, to: &text)
        Self.append(Int(fields.tm_mday), width: 2, to: &text)
        date = text
        text += "T"
        Self.append(Int(fields.tm_hour), width: 2, to: &text)
        Self.append(Int(fields.tm_min), width: 2, to: &text)
        Self.append(Int(fields.tm_sec), width: 2, to: &text)
        text += "Z"
        dateTime = text
    }

    private static func append(_ number: Int, width: Int, to text: inout String) {
        let digits = String(number)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }
}
