import Testing
@testable import EmailKit

@Suite struct EmailAddressTests {
    @Test(arguments: [
        ("ada@example.com", "ada@example.com", nil),
        ("  ada@example.com  ", "ada@example.com", nil),
        ("<ada@example.com>", "ada@example.com", nil),
        ("Ada Lovelace <ada@example.com>", "ada@example.com", "Ada Lovelace"),
        ("\"Lovelace, Ada\" <ada@example.com>", "ada@example.com", "Lovelace, Ada"),
        ("\"Ada \\\"The Countess\\\" L.\" <ada@example.com>", "ada@example.com", "Ada \"The Countess\" L."),
        ("\"a <b>\" <ada@example.com>", "ada@example.com", "a <b>"),
        ("Zoë Müller <zoe@example.com>", "zoe@example.com", "Zoë Müller"),
        ("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk", nil),
        ("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com", nil),
        ("\"john doe\"@example.com", "\"john doe\"@example.com", nil),
        ("\"a@b\"@example.com", "\"a@b\"@example.com", nil),
        ("user@xn--bcher-kva.example", "user@xn--bcher-kva.example", nil),
        ("user@bücher.example", "user@bücher.example", nil),
        ("user@a-b.c-d.example", "user@a-b.c-d.example", nil),
    ] as [(String, String, String?)])
    func acceptsTheFormsPeopleWrite(input: String, address: String, displayName: String?) throws {
        let parsed = try EmailAddress(parsing: input)
        #expect(parsed.address == address)
        #expect(parsed.displayName == displayName)
    }

    @Test(arguments: [
        ("", .empty),
        ("   ", .empty),
        ("ada.example.com", .missingAtSign),
        ("Ada <ada@example.com", .malformedAngleBrackets),
        ("Ada <ada@example.com> trailing", .malformedAngleBrackets),
        ("\"Ada <ada@example.com>", .unterminatedQuotedString),
        ("Ada\r\nBcc: x@example.com <ada@example.com>", .controlCharacterInDisplayName),
        ("Ada \u{202E}moc.live <ada@example.com>", .controlCharacterInDisplayName),
        ("Ada \u{2066}x\u{2069} <ada@example.com>", .controlCharacterInDisplayName),
        ("Ada \u{85} <ada@example.com>", .controlCharacterInDisplayName),
        (".ada@example.com", .invalidLocalPart),
        ("ada.@example.com", .invalidLocalPart),
        ("a..da@example.com", .invalidLocalPart),
        ("a da@example.com", .invalidLocalPart),
        ("@example.com", .invalidLocalPart),
        ("\"unterminated@example.com", .unterminatedQuotedString),
        ("josé@example.com", .nonASCIILocalPart),
        (String(repeating: "a", count: 65) + "@example.com", .localPartTooLong(octets: 65)),
        ("ada@", .invalidDomainLabel("")),
        ("ada@example..com", .invalidDomainLabel("")),
        ("ada@example.com.", .invalidDomainLabel("")),
        ("ada@-example.com", .invalidDomainLabel("-example")),
        ("ada@example-.com", .invalidDomainLabel("example-")),
        ("ada@exa_mple.com", .invalidDomainLabel("exa_mple")),
        ("ada@[192.0.2.1]", .invalidDomainLabel("[192")),
        ("ada@example.com\r\nBcc: x@example.com", .invalidLocalPart),
        ("ada@🎉.example", .invalidDomainLabel("🎉")),
        ("ada@" + String(repeating: "a", count: 64) + ".com", .domainLabelTooLong(String(repeating: "a", count: 64))),
        ("ada@localhost", .domainNotFullyQualified),
        ("ada@" + Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."), .domainTooLong(octets: 255)),
        (String(repeating: "a", count: 64) + "@" + Array(repeating: String(repeating: "b", count: 62), count: 3).joined(separator: ".") + ".com",
         .addressTooLong(octets: 257)),
    ] as [(String, EmailAddressError.Reason)])
    func rejectsInvalidAddressesWithTheReason(input: String, reason: EmailAddressError.Reason) {
        #expect(throws: EmailAddressError(input: input, reason: reason)) {
            try EmailAddress(parsing: input)
        }
    }

    @Test func punycodeLongerThan63OctetsIsRejected() {
        // 60 scalars fit the limit; their punycode, at least one digit per scalar plus `xn--`, does not.
        let label = String(repeating: "例え", count: 30)
        #expect(throws: EmailAddressError(input: "a@\(label).jp", reason: .domainLabelTooLong(label))) {
            try EmailAddress(address: "a@\(label).jp")
        }
    }

    @Test func nonASCIILocalPartErrorSaysWhy() {
        let error = EmailAddressError(input: "josé@example.com", reason: .nonASCIILocalPart)
        #expect(error.description.contains("SMTPUTF8"))
    }

    @Test func errorDescriptionShowsForgedLineBreaksEscaped() {
        let error = EmailAddressError(input: "a\r\nb", reason: .missingAtSign)
        #expect(error.description.contains("a\\r\\nb"))
    }

    @Test func emptyDisplayNameMeansNone() throws {
        #expect(try EmailAddress(address: "ada@example.com", displayName: "").displayName == nil)
        #expect(try EmailAddress(parsing: "\"\" <ada@example.com>").displayName == nil)
    }

    @Test func domainIsWhatFollowsTheLastAtSign() throws {
        let address = try EmailAddress(address: "\"a@b\"@Bücher.Example")
        #expect(address.domain == "Bücher.Example")
        #expect(address.asciiDomain == "xn--bcher-kva.example")
    }
}
