import Foundation
import Testing
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
        0, 1_795_255_445, 951_782_400, 1_709_164_799, -2_208_988_800, 253_402_300_799, 1_000_000_000.999,
    ] as [Double])
    func formatsLikeTheReferenceFormatter(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(try RFC5322Date.format(date) == Self.reference(Date(timeIntervalSince1970: seconds.rounded(.down))))
    }

    @Test(arguments: [-2_208_988_801, 253_402_300_800, .nan, .infinity] as [Double])
    func yearsOutside1900To9999AreRejected(seconds: Double) {
        #expect(throws: MIMEError.self) {
            try RFC5322Date.format(Date(timeIntervalSince1970: seconds))
        }
    }
}
