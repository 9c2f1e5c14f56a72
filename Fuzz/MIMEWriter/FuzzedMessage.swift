@testable import EmailKit
import ByteEncoding
import FoundationEssentials
import WallClock

/// An `EmailMessage`, with the `Date` and `Message-ID` to write it with, built from fuzzer
/// choices: addresses from a small set of valid ones with fuzzed display names, everything else
/// fuzzed, including values the writer must refuse.
struct FuzzedMessage {
    var message: EmailMessage
    var date: WallClockTime
    var messageID: String

    /// Addresses of every syntactic kind the writer meets: dot-atoms, a quoted local part, an
    /// international domain sent as punycode, the longest local part.
    private static let addresses = [
        "ada@example.org", "grace.hopper+ops@mail.example.com", "\"odd local, part\"@example.net",
        "user@bücher.example", "x@xn--caf-dma.example", String(repeating: "l", count: 64) + "@example.com",
    ]
    private static let headerNames = [
        "X-Campaign", "List-Unsubscribe", "X-Order-Id", "Sender", "Bcc", "Content-Type", "From", "X:Colon", "X Space", "",
        String(repeating: "X", count: 76), String(repeating: "X", count: 77),
    ]
    private static let contentTypes = [
        "application/pdf", "image/png", "TEXT/Plain", "multipart/mixed", "message/rfc822", "application/pdf; x=1", "nonsense", "",
    ]
    private static let contentIDs = ["logo@example.com", "logo.png", "a<b", "a b", "", String(repeating: "c", count: 251)]

    init(_ input: inout FuzzedBytes) {
        func address() -> EmailAddress {
            let spec = input.pick(Self.addresses)
            let name = input.bool() ? input.text(maximumCharacters: 160) : nil
            // Display names with control characters are refused when the address is made; the
            // writer never sees them.
            return (try? EmailAddress(address: spec, displayName: name)) ?? (try! EmailAddress(address: spec))
        }
        func addresses(maximumCount: Int) -> [EmailAddress] {
            (0..<input.number(below: maximumCount + 1)).map { _ in address() }
        }

        let from = address()
        let to = addresses(maximumCount: 3)
        let cc = addresses(maximumCount: 2)
        let bcc = addresses(maximumCount: 2)
        let replyTo = addresses(maximumCount: 2)
        let subject = input.text(maximumCharacters: 1_200)
        let textBody = input.bool() ? input.text(maximumCharacters: 4_000) : nil
        let htmlBody = input.bool() ? input.text(maximumCharacters: 4_000) : nil
        var attachments: [EmailAttachment] = []
        for _ in 0..<input.number(below: 4) {
            let filename = input.bool() ? input.text(maximumCharacters: 300) : input.pick(["report.pdf", "", "a\"b\\c.txt"])
            let contentType = input.bool() ? input.pick(Self.contentTypes) : input.asciiToken(maximumCharacters: 40)
            let contentID = input.bool() ? nil : input.bool() ? input.pick(Self.contentIDs) : input.asciiToken(maximumCharacters: 40)
            let data = input.data(maximumCount: 400)
            // Sometimes held as the canonical base64 a producer would send, which the writer cuts
            // into lines as it is instead of encoding the bytes.
            if input.bool() {
                var encoded: [UInt8] = []
                Base64Lines.append(data, to: &encoded)
                guard let text = Base64Text(canonical: encoded) else {
                    fatalError("the canonical encoding of \(data) was refused as canonical")
                }
                attachments.append(EmailAttachment(filename: filename, contentType: contentType, base64: text, contentID: contentID))
            } else {
                attachments.append(EmailAttachment(filename: filename, contentType: contentType, data: data, contentID: contentID))
            }
        }
        var headers: [EmailHeader] = []
        for _ in 0..<input.number(below: 4) {
            let name = input.bool() ? input.pick(Self.headerNames) : input.asciiToken(maximumCharacters: 90)
            headers.append(EmailHeader(name: name, value: input.text(maximumCharacters: 1_200)))
        }
        message = EmailMessage(
            from: from, to: to, cc: cc, bcc: bcc, replyTo: replyTo, subject: subject,
            textBody: textBody, htmlBody: htmlBody, attachments: attachments, headers: headers)

        // Mostly a fixed, valid date and Message-ID; sometimes ones the writer must refuse.
        switch input.number(below: 8) {
        case 0: date = WallClockTime(millisecondsSince1970: -3_000_000_000_000)
        case 1: date = WallClockTime(millisecondsSince1970: 300_000_000_000_000)
        default: date = WallClockTime(millisecondsSince1970: 1_763_683_200_000)
        }
        switch input.number(below: 8) {
        case 0: messageID = input.asciiToken(maximumCharacters: 260)
        default: messageID = "0123456789abcdef@example.com"
        }
    }
}
