import Mustache
import WallClock

/// The default place of an approval e-mail's links: buttons at the end of the HTML part and one
/// line per action at the end of the text part, added to each part that does not already carry
/// the links (a template places them itself with `{{#actions}}…{{url}}…{{/actions}}`).
///
/// The buttons are "bulletproof": a table cell with a background colour around a padded link, the
/// form Gmail, Outlook (Word's renderer ignores padding and border-radius on `<a>`) and Apple
/// Mail all draw as a button; no images, no CSS classes, no VML.
enum ActionLinkBlock {
    /// Adds the links to `html` and `text` where they are missing. A part that is `nil` stays so.
    static func place(_ issued: ActionLinkIssuer.IssuedLinks, html: inout String?, text: inout String?) {
        guard let first = issued.links.first?.url else { return }
        if let existing = html, !existing.contains(first) {
            html = insertingBeforeBodyEnd(htmlBlock(issued), into: existing)
        }
        if let existing = text, !existing.contains(first) {
            text = existing + (existing.hasSuffix("\n") ? "\n" : "\n\n") + textBlock(issued)
        }
    }

    static func htmlBlock(_ issued: ActionLinkIssuer.IssuedLinks) -> String {
        var cells: [String] = []
        for link in issued.links {
            let colour = colour(link.kind)
            cells.append("""
                <td align="center" bgcolor="\(colour)" style="border-radius:6px; background-color:\(colour);">\
                <a href="\(HTMLEscaping.escaped(link.url))" target="_blank" style="display:inline-block; padding:12px 24px; \
                font-family:Helvetica, Arial, sans-serif; font-size:16px; line-height:20px; font-weight:bold; \
                color:#ffffff; text-decoration:none; border-radius:6px; border:1px solid \(colour);">\(HTMLEscaping.escaped(link.label))</a></td>
                """)
        }
        return """
            <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0 8px 0;">
            <tr>
            \(cells.joined(separator: "\n<td width=\"12\" style=\"width:12px; font-size:0; line-height:0;\">&nbsp;</td>\n"))
            </tr>
            </table>
            <p style="margin:0 0 24px 0; font-family:Helvetica, Arial, sans-serif; font-size:13px; line-height:18px; color:#52606d;">\
            Each button opens a page where you confirm your choice. The links work until \(expiry(issued)).</p>

            """
    }

    static func textBlock(_ issued: ActionLinkIssuer.IssuedLinks) -> String {
        var lines = issued.links.map { "\($0.label): \($0.url)" }
        lines.append("")
        lines.append("Each link opens a page where you confirm your choice. The links work until \(expiry(issued)).")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func expiry(_ issued: ActionLinkIssuer.IssuedLinks) -> String {
        ActionRequestProcessor.time(issued.expiresAt)
    }

    private static func colour(_ kind: ApprovalRequest.Action.Kind) -> String {
        switch kind {
        case .success: "#1a7f37"
        case .failure: "#b42318"
        case .heartbeat: "#475467"
        }
    }

    private static func insertingBeforeBodyEnd(_ block: String, into html: String) -> String {
        guard let end = html.firstRange(of: "</body>") ?? html.firstRange(of: "</BODY>") else { return html + "\n" + block }
        return html[..<end.lowerBound] + block + html[end.lowerBound...]
    }

}
