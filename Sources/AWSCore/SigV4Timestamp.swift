import WallClock

/// A signing time in the two forms SigV4 uses, formatted by hand in UTC.
struct SigV4Timestamp: Equatable {
    /// `yyyyMMdd`, the date in the credential scope.
    let date: String
    /// `yyyyMMdd'T'HHmmss'Z'`, the `X-Amz-Date` value.
    let dateTime: String

    init(_ instant: WallClockTime) {
        let utc = instant.utc
        var text = ""
        text.reserveCapacity(16)
        Self.append(utc.year, width: 4, to: &text)
        Self.append(utc.month, width: 2, to: &text)
        Self.append(utc.day, width: 2, to: &text)
        date = text
        text += "T"
        Self.append(utc.hour, width: 2, to: &text)
        Self.append(utc.minute, width: 2, to: &text)
        Self.append(utc.second, width: 2, to: &text)
        text += "Z"
        dateTime = text
    }

    private static func append(_ number: Int, width: Int, to text: inout String) {
        let digits = String(number)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }
}
