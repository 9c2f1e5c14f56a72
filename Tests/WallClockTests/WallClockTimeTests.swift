import Glibc
import Testing
import WallClock

/// The UTC calendar breakdown and the ISO 8601 form, at known instants and against `gmtime_r`.
@Suite struct WallClockTimeTests {
    private func utc(_ milliseconds: Int64) -> UTCDateTime {
        WallClockTime(millisecondsSince1970: milliseconds).utc
    }

    @Test func epochIsThursdayFirstOfJanuary1970() {
        let epoch = utc(0)
        #expect([epoch.year, epoch.month, epoch.day, epoch.hour, epoch.minute, epoch.second, epoch.millisecond] == [1970, 1, 1, 0, 0, 0, 0])
        #expect(epoch.weekday == 4)
    }

    @Test func leapDay2024IsThursday29February() {
        let leapDay = utc(1_709_210_096_789)  // 2024-02-29T12:34:56.789Z
        #expect([leapDay.year, leapDay.month, leapDay.day, leapDay.hour, leapDay.minute, leapDay.second, leapDay.millisecond]
            == [2024, 2, 29, 12, 34, 56, 789])
        #expect(leapDay.weekday == 4)
    }

    @Test func dayAfterTheLeapDayOf2000IsWednesdayFirstOfMarch() {
        let march = utc(951_868_800_000)  // 2000-03-01T00:00:00Z
        #expect([march.year, march.month, march.day, march.hour] == [2000, 3, 1, 0])
        #expect(march.weekday == 3)
        #expect(utc(951_868_799_999).day == 29)
    }

    @Test func lastMillisecondOfYear9999IsFriday() {
        let last = utc(253_402_300_799_999)  // 9999-12-31T23:59:59.999Z
        #expect([last.year, last.month, last.day, last.hour, last.minute, last.second, last.millisecond]
            == [9999, 12, 31, 23, 59, 59, 999])
        #expect(last.weekday == 5)
    }

    @Test func breakdownAgreesWithGmtimeAcrossFourCenturies() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let milliseconds = Int64.random(in: -2_208_988_800_000...253_402_300_799_999, using: &generator)
            let ours = utc(milliseconds)
            var seconds = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            let oracle = [Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                          Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(parts.tm_wday)]
            #expect([ours.year, ours.month, ours.day, ours.hour, ours.minute, ours.second, ours.weekday] == oracle,
                    "at \(milliseconds) ms")
        }
    }

    @Test func millisecondsBeforeTheEpochBelongToTheSecondBefore() {
        let justBefore = utc(-1)
        #expect([justBefore.year, justBefore.month, justBefore.day, justBefore.second, justBefore.millisecond] == [1969, 12, 31, 59, 999])
        #expect(WallClockTime(millisecondsSince1970: -1).secondsSince1970 == -1)
    }

    @Test func iso8601HasMillisecondsAndZ() {
        #expect(utc(1_714_564_800_125).iso8601 == "2024-05-01T12:00:00.125Z")
        #expect(utc(0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(utc(-1_500).iso8601 == "1969-12-31T23:59:58.500Z")
        #expect(WallClockTime(millisecondsSince1970: 951_782_400_250).description == "2000-02-29T00:00:00.250Z")
    }

    @Test func nowIsTheSystemWallClock() {
        var before = timespec()
        clock_gettime(CLOCK_REALTIME, &before)
        let now = WallClockTime.now()
        var after = timespec()
        clock_gettime(CLOCK_REALTIME, &after)
        #expect(now.millisecondsSince1970 >= Int64(before.tv_sec) * 1000 + Int64(before.tv_nsec) / 1_000_000)
        #expect(now.millisecondsSince1970 <= Int64(after.tv_sec) * 1000 + Int64(after.tv_nsec) / 1_000_000)
    }

    @Test func addingADurationMovesByWholeMillisecondsTowardsThePast() {
        let start = WallClockTime(millisecondsSince1970: 10_000)
        #expect((start + .seconds(2)).millisecondsSince1970 == 12_000)
        #expect((start - .milliseconds(1_500)).millisecondsSince1970 == 8_500)
        #expect((start + .microseconds(1_500)).millisecondsSince1970 == 10_001)
        #expect((start - .microseconds(1_500)).millisecondsSince1970 == 9_998)
    }

    @Test func durationToALaterTimeIsPositiveAndToAnEarlierNegative() {
        let start = WallClockTime(millisecondsSince1970: 10_000)
        #expect(start.duration(to: WallClockTime(millisecondsSince1970: 12_500)) == .milliseconds(2_500))
        #expect(start.duration(to: WallClockTime(millisecondsSince1970: 9_000)) == .milliseconds(-1_000))
    }

    @Test func distantFutureIsYear4001AndLeavesRoomForArithmetic() {
        let future = WallClockTime.distantFuture
        #expect(future.utc.year == 4001)
        #expect(future > WallClockTime.now() + .seconds(86_400 * 365 * 1000))
        #expect(WallClockTime.now().duration(to: future) > .seconds(60_000_000_000))
    }
}
