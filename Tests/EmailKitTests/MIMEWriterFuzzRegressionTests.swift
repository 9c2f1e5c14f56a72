import Foundation
import Testing
@testable import EmailKit

/// Messages the MIME writer fuzzer (`Fuzz/MIMEWriter`) found breaking a rule, kept so that the
/// rule stays kept. Each test names the rule.
@Suite struct MIMEWriterFuzzRegressionTests {
    /// Found as a display name of `@@` and 1,300 spaces: quoted, the spaces could not be folded
    /// and made a line of 1,359 octets.
    @Test func displayNameWithALongRunOfSpacesKeepsEveryLineWithin998Octets() throws {
        let name = "@@" + String(repeating: " ", count: 1_300) + "x"
        let field = try HeaderFieldTests.addressField(name: name)
        #expect(HeaderFieldTests.lines(field).allSatisfy { $0.utf8.count <= 998 })
        let value = HeaderFieldTests.unfolded(field).dropFirst("To: ".count)
        #expect(try HeaderFieldTests.decodedPhrase(value.dropLast(" <ada@example.com>".count)) == name)
    }

    @Test func displayNameWithShortRunsOfSpacesStaysAQuotedString() throws {
        let name = "Lovelace,  Ada" + String(repeating: " ", count: 20) + "(Countess)"
        let field = try HeaderFieldTests.addressField(name: name)
        #expect(HeaderFieldTests.unfolded(field) == "To: \"\(name)\" <ada@example.com>")
    }
}
