import Mustache

/// The preview line mail clients show after the subject, put first in the HTML body and hidden
/// from the reader of the message itself.
enum Preheader {
    /// `html` with `line` (plain text, escaped here) in a hidden block right after `<body…>`, or
    /// at the start when there is no body tag.
    static func insert(_ line: String, into html: String) -> String {
        let escaped = HTMLEscaping.escaped(line)
        let block = #"<div style="display:none; max-height:0; overflow:hidden; mso-hide:all;">"# + escaped + "</div>"
        guard let bodyStart = html.firstRange(of: "<body"), let tagEnd = html[bodyStart.upperBound...].firstIndex(of: ">") else {
            return block + html
        }
        let insertAt = html.index(after: tagEnd)
        return String(html[..<insertAt]) + "\n" + block + String(html[insertAt...])
    }
}
