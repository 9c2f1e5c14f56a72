import Mustache
import S3
import WallClock

/// An S3 attachment sent as a presigned link in the bodies instead of as a file.
struct AttachmentLink {
    /// Its position in the notification's attachments.
    var index: Int
    var read: S3ObjectRead
    var filename: String
    /// Seconds the link works, already capped at what the credentials allow.
    var expiresIn: Int

    /// A link ready to put in the bodies.
    struct Signed {
        var filename: String
        var url: String
        var expires: WallClockTime
    }

    /// Adds one line per link at the end of the text body and one paragraph per link before the
    /// HTML body's `</body>` (or at its end): the file name, the URL and when it stops working.
    static func insert(_ links: [Signed], into notification: inout Notification) {
        if let text = notification.text, !text.isEmpty {
            var lines = text.hasSuffix("\n") ? "\n" : "\n\n"
            for link in links {
                lines += "\(link.filename): \(link.url) (until \(Self.utcText(link.expires)))\n"
            }
            notification.text = text + lines
        }
        if let html = notification.html, !html.isEmpty {
            var paragraphs = ""
            for link in links {
                paragraphs += "<p><a href=\"\(HTMLEscaping.escaped(link.url))\">\(HTMLEscaping.escaped(link.filename))</a> (until \(Self.utcText(link.expires)))</p>\n"
            }
            if let bodyEnd = lastBodyEndTag(in: html) {
                notification.html = String(html[..<bodyEnd]) + paragraphs + String(html[bodyEnd...])
            } else {
                notification.html = html + "\n" + paragraphs
            }
        }
    }

    /// Where the last `</body>` (in any case) starts.
    private static func lastBodyEndTag(in html: String) -> String.Index? {
        let tag = Array("</body>".utf8)
        let bytes = Array(html.utf8)
        guard bytes.count >= tag.count else { return nil }
        for start in stride(from: bytes.count - tag.count, through: 0, by: -1) {
            // ASCII letters lower-cased by setting bit 5; `<`, `/` and `>` already have it.
            if (0..<tag.count).allSatisfy({ bytes[start + $0] | 0x20 == tag[$0] }) {
                return html.utf8.index(html.utf8.startIndex, offsetBy: start)
            }
        }
        return nil
    }

    /// `2026-12-31 23:59 UTC`.
    static func utcText(_ time: WallClockTime) -> String {
        let utc = time.utc
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
        return "\(utc.year)-\(two(utc.month))-\(two(utc.day)) \(two(utc.hour)):\(two(utc.minute)) UTC"
    }

}
