/// SES's rules for the names it accepts, checked up front so a bad tag is a validation error
/// naming the field rather than a `BadRequestException` after the message was built.
enum SESNames {
    /// Tag names and values: 1-256 ASCII letters, digits, `_` or `-` (SES v2 `MessageTag`).
    static func isValidTagPart(_ text: String) -> Bool {
        (1...256).contains(text.utf8.count) && text.utf8.allSatisfy(isNameByte)
    }

    /// Configuration set names: 1-64 ASCII letters, digits, `_` or `-`.
    static func isValidConfigurationSetName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy(isNameByte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }
}
