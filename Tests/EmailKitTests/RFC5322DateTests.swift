import Foundation
import Testing
import WallClock
@testable import EmailKit

@Suite struct RFC5322DateTests {
    /// Foundation's ICU-backed formatter, which the library may not use, as the reference.
    static func reference(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    @Test(arguments: [
        0, 1_795_255_445_000, 951_782_400_000, 1_709_164_799_000, -2_208_988_800_000, 253_402_300_799_000, 1_000_000_000_999,
        -1,
    ] as [Int64])
    func formatsLikeTheReferenceFormatter(milliseconds: Int64) throws {
        let wholeSeconds = (Double(milliseconds) / 1000).rounded(.down)
        #expect(try RFC5322Date.format(WallClockTime(millisecondsSince1970: milliseconds))
            == Self.reference(Date(timeIntervalSince1970: wholeSeconds)))
    }

    @Test(arguments: [-2_208_988_800_001, 253_402_300_800_000, .min, .max] as [Int64])
    func yearsOutside1900To9999AreRejected(milliseconds: Int64) {
        #expect(throws: MIMEError.self) {
            try RFC5322Date.format(WallClockTime(millisecondsSince1970: milliseconds))
        }
    }
}
