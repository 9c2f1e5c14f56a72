/// A ``WallClockTime`` as a UTC calendar date (proleptic Gregorian) and time of day.
///
/// Computed with the days-from-civil algorithm rather than `gmtime_r`: pure arithmetic, the same
/// on every platform, with no `tm` and no time-zone database.
public struct UTCDateTime: Sendable, Hashable {
    /// The year, e.g. `2024`; `0` is 1 BC.
    public var year: Int
    /// 1 (January) to 12 (December).
    public var month: Int
    /// 1 to 31.
    public var day: Int
    /// 0 to 23.
    public var hour: Int
    /// 0 to 59.
    public var minute: Int
    /// 0 to 59: Unix time has no leap seconds.
    public var second: Int
    /// 0 to 999.
    public var millisecond: Int
    /// 0 (Sunday) to 6 (Saturday), as `tm_wday` counts.
    public var weekday: Int

    public init(_ time: WallClockTime) {
        let (days, millisecondOfDay) = time.millisecondsSince1970.floorDivided(by: 86_400_000)
        let ofDay = Int(millisecondOfDay)
        hour = ofDay / 3_600_000
        minute = ofDay / 60_000 % 60
        second = ofDay / 1000 % 60
        millisecond = ofDay % 1000
        // 1970-01-01 was a Thursday.
        weekday = Int((days + 4).floorDivided(by: 7).remainder)

        // Howard Hinnant's civil_from_days: eras of 400 years starting on 1 March, so that the
        // leap day is the last day of its year.
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        day = Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
        month = Int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9)
        year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
    }

    /// ISO 8601 with milliseconds, `2024-05-01T12:00:00.123Z`, as Lambda writes its own timestamps.
    /// Years outside 0...9999 are not representable in this form and are written with as many
    /// digits as they need.
    public var iso8601: String {
        var text = [UInt8]()
        text.reserveCapacity(24)
        text.appendDigits(year, width: 4)
        text.append(UInt8(ascii: "-"))
        text.appendDigits(month, width: 2)
        text.append(UInt8(ascii: "-"))
        text.appendDigits(day, width: 2)
        text.append(UInt8(ascii: "T"))
        text.appendDigits(hour, width: 2)
        text.append(UInt8(ascii: ":"))
        text.appendDigits(minute, width: 2)
        text.append(UInt8(ascii: ":"))
        text.appendDigits(second, width: 2)
        text.append(UInt8(ascii: "."))
        text.appendDigits(millisecond, width: 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}

extension [UInt8] {
    /// Appends `value` in decimal, left-padded with zeros to at least `width` digits.
    mutating func appendDigits(_ value: Int, width: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        let digits = String(value.magnitude).utf8
        if digits.count < width { append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
        append(contentsOf: digits)
    }
}
