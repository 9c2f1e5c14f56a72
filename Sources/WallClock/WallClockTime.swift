import Glibc

/// An instant on the UTC wall clock, in whole milliseconds since 1970-01-01T00:00:00Z.
///
/// For timestamps that leave the process (log lines, SigV4, the `Date` header, metrics) and for
/// Lambda's deadline, which arrives as Unix milliseconds. Intervals measured within the process
/// belong to `ContinuousClock`, which the wall clock's adjustments cannot disturb.
public struct WallClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z; negative before it.
    public var millisecondsSince1970: Int64

    public init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    /// The current time, read with `clock_gettime(CLOCK_REALTIME)` and truncated to milliseconds.
    public static func now() -> WallClockTime {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return WallClockTime(millisecondsSince1970: Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000)
    }

    /// 4001-01-01T00:00:00Z: later than any real deadline, yet far enough from `Int64`'s limits
    /// that adding or subtracting any realistic `Duration` cannot overflow.
    public static let distantFuture = WallClockTime(millisecondsSince1970: 64_092_211_200_000)

    /// Whole seconds since 1970, rounded towards the past (so 1969-12-31T23:59:59.500Z gives -1).
    public var secondsSince1970: Int64 {
        millisecondsSince1970.floorDivided(by: 1000).quotient
    }

    /// The instant broken down into its UTC calendar date and time of day.
    public var utc: UTCDateTime {
        UTCDateTime(self)
    }

    /// The time from `self` to `other`: negative when `other` is earlier.
    public func duration(to other: WallClockTime) -> Duration {
        .milliseconds(other.millisecondsSince1970 - millisecondsSince1970)
    }

    /// `time` moved by `duration`, truncated to whole milliseconds towards the past.
    public static func + (time: WallClockTime, duration: Duration) -> WallClockTime {
        WallClockTime(millisecondsSince1970: time.millisecondsSince1970 + duration.wholeMilliseconds)
    }

    /// `time` moved back by `duration`, truncated to whole milliseconds towards the past.
    public static func - (time: WallClockTime, duration: Duration) -> WallClockTime {
        time + (.zero - duration)
    }

    public static func < (lhs: WallClockTime, rhs: WallClockTime) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2024-05-01T12:00:00.123Z`.
    public var description: String { utc.iso8601 }
}

extension Duration {
    /// Whole milliseconds, rounded towards minus infinity: the one conversion behind every
    /// millisecond the project logs, sends or hands to libcurl.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        // `components` keeps both parts on the same side of zero, so a negative fraction rounds down.
        let milliseconds = attoseconds / perMillisecond
        let isInexactNegative = attoseconds < 0 && attoseconds % perMillisecond != 0
        return seconds * 1000 + milliseconds - (isInexactNegative ? 1 : 0)
    }
}

extension Int64 {
    /// Quotient rounded towards minus infinity, and the non-negative remainder.
    func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}
