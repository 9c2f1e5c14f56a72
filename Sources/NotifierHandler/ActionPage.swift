import Mustache
import JSON

/// A page the action routes answer with: small, readable on a phone, no JavaScript, no cookies,
/// no external resources, never cached.
struct ActionPage: Sendable, Equatable {
    var statusCode: Int
    /// The `<title>` and heading.
    var title: String
    /// Paragraphs of plain text, escaped when written.
    var paragraphs: [String]
    /// A button that POSTs back to the same URL, on the confirmation page only.
    var button: (label: String, kind: ApprovalRequest.Action.Kind)?
    /// Smaller text under everything else.
    var note: String?

    static func == (lhs: ActionPage, rhs: ActionPage) -> Bool {
        lhs.statusCode == rhs.statusCode && lhs.title == rhs.title && lhs.paragraphs == rhs.paragraphs
            && lhs.button?.label == rhs.button?.label && lhs.button?.kind == rhs.button?.kind && lhs.note == rhs.note
    }

    /// The API Gateway proxy response.
    var json: JSONValue {
        [
            "statusCode": .number(String(statusCode)),
            "headers": [
                "Content-Type": "text/html; charset=utf-8",
                // The link is the credential: no cache, proxy or back-forward cache may keep the page.
                "Cache-Control": "no-store",
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                "Referrer-Policy": "no-referrer",
                "X-Content-Type-Options": "nosniff",
                "X-Robots-Tag": "noindex, nofollow",
            ],
            "body": .string(html),
            "isBase64Encoded": false,
        ]
    }

    var html: String {
        var body = "<h1>\(HTMLEscaping.escaped(title))</h1>\n"
        for paragraph in paragraphs {
            body += "<p>\(HTMLEscaping.escaped(paragraph))</p>\n"
        }
        if let button {
            // An empty action posts to this same URL; no token is repeated in the page.
            body += "<form method=\"post\" action=\"\"><button type=\"submit\" class=\"\(button.kind.rawValue)\">\(HTMLEscaping.escaped(button.label))</button></form>\n"
        }
        if let note {
            body += "<p class=\"note\">\(HTMLEscaping.escaped(note))</p>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <meta name="robots" content="noindex, nofollow">
            <title>\(HTMLEscaping.escaped(title))</title>
            <style>
            body { margin: 0; padding: 24px 16px; background: #f4f5f7; color: #1f2933;
              font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
            main { max-width: 480px; margin: 0 auto; padding: 24px; background: #fff; border-radius: 8px;
              box-shadow: 0 1px 3px rgba(0, 0, 0, .08); }
            h1 { margin: 0 0 12px; font-size: 22px; line-height: 1.3; overflow-wrap: anywhere; }
            p { margin: 0 0 16px; overflow-wrap: anywhere; }
            form { margin: 24px 0 16px; }
            button { display: block; width: 100%; min-height: 48px; padding: 12px 20px; border: 0; border-radius: 6px;
              color: #fff; font-family: inherit; font-size: 17px; font-weight: 600; line-height: 1.3; cursor: pointer; }
            button:focus { outline: 3px solid #f5a623; outline-offset: 2px; }
            .success { background: #1a7f37; } .failure { background: #b42318; } .heartbeat { background: #475467; }
            .note { font-size: 14px; color: #52606d; }
            main > :last-child { margin-bottom: 0; }
            </style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }
}
