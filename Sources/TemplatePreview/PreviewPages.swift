import Mustache
import Foundation
import LoopbackHTTP
import NotifierHandler

/// The preview's pages: an index of every template × locale, and one page per template and
/// locale with the subject, the HTML as a mail client shows it (in a sandboxed frame), the text
/// part and the raw `.eml`. Pages poll `/changes` and reload when a template file changes.
struct PreviewPages: Sendable {
    let catalog: TemplatePreviewCatalog

    func answer(_ request: HTTPServerRequest) -> HTTPServerResponse {
        guard request.method == "GET" else { return Self.page(status: 405, title: "Method not allowed", body: "<p>GET only.</p>") }
        let parts = request.path.split(separator: "/").map(String.init)
        switch parts.count {
        case 0:
            return index()
        case 1 where parts[0] == "changes":
            return HTTPServerResponse(headers: ["Content-Type": "text/plain", "Cache-Control": "no-store"], body: Data(changeToken().utf8))
        case 3 where parts[0] == "t":
            return templatePage(parts[1], locale: parts[2])
        case 4 where parts[0] == "t":
            return templateFile(parts[1], locale: parts[2], file: parts[3])
        default:
            return Self.page(status: 404, title: "Not found", body: "<p><a href=\"/\">All templates</a></p>")
        }
    }

    private func index() -> HTTPServerResponse {
        var rows = ""
        for name in catalog.templateNames() {
            let links = (["default"] + catalog.locales(of: name)).map { locale in
                let status = (try? catalog.render(name, locale: Self.locale(locale)).get()) == nil ? " ⚠" : ""
                return "<a href=\"/t/\(HTMLEscaping.escaped(name))/\(HTMLEscaping.escaped(locale))\">\(HTMLEscaping.escaped(locale))\(status)</a>"
            }
            rows += "<li><strong>\(HTMLEscaping.escaped(name))</strong> <span class=\"locales\">\(links.joined(separator: " "))</span></li>\n"
        }
        return Self.page(title: "Templates", body: "<ul class=\"templates\">\n\(rows)</ul>\n<p class=\"note\">⚠: the sample does not render; open it to see why.</p>")
    }

    private func templatePage(_ name: String, locale: String) -> HTTPServerResponse {
        let base = "/t/\(HTMLEscaping.escaped(name))/\(HTMLEscaping.escaped(locale))"
        let heading = "<p><a href=\"/\">All templates</a></p><h1>\(HTMLEscaping.escaped(name)) <small>\(HTMLEscaping.escaped(locale))</small></h1>"
        switch catalog.render(name, locale: Self.locale(locale)) {
        case .failure(let problem):
            return Self.page(title: name, body: heading + "<h2>Does not render</h2><pre class=\"problem\">\(HTMLEscaping.escaped(problem.description))</pre>")
        case .success(let sample):
            let html = sample.html.map { _ in
                "<h2>HTML</h2><iframe id=\"html\" title=\"HTML part\" sandbox=\"allow-same-origin\" src=\"\(base)/html\" onload=\"fit(this)\"></iframe>"
            } ?? "<p>No HTML part.</p>"
            let body = heading + """
                <h2>Subject</h2><p id="subject" class="subject">\(HTMLEscaping.escaped(sample.subject))</p>
                <p><a id="eml" href="\(base)/message.eml" download="\(HTMLEscaping.escaped(name))-\(HTMLEscaping.escaped(locale)).eml">Download .eml</a></p>
                \(html)
                <h2>Text part</h2><pre id="text">\(HTMLEscaping.escaped(sample.text ?? "(none)"))</pre>
                """
            return Self.page(title: "\(name) (\(locale))", body: body)
        }
    }

    private func templateFile(_ name: String, locale: String, file: String) -> HTTPServerResponse {
        guard case .success(let sample) = catalog.render(name, locale: Self.locale(locale)) else {
            return HTTPServerResponse(status: 404)
        }
        switch file {
        case "html":
            return HTTPServerResponse(headers: ["Content-Type": "text/html; charset=utf-8"], body: Data((sample.html ?? "").utf8))
        case "message.eml":
            return HTTPServerResponse(headers: [
                "Content-Type": "message/rfc822", "Content-Disposition": "attachment; filename=\"\(name)-\(locale).eml\"",
            ], body: Data(sample.eml))
        default:
            return HTTPServerResponse(status: 404)
        }
    }

    /// Changes whenever a file under the template folder changes, appears or goes.
    func changeToken() -> String {
        let root = URL(fileURLWithPath: catalog.directory)
        // Every file's time counts, not only the latest: a file may change to an older time.
        var times: [String] = []
        let keys: [URLResourceKey] = [.contentModificationDateKey]
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) ?? FileManager.DirectoryEnumerator() {
            let modified = (try? url.resourceValues(forKeys: Set(keys)).contentModificationDate)?.timeIntervalSince1970 ?? 0
            times.append("\(url.path)=\(modified)")
        }
        var hasher = Hasher()
        hasher.combine(times.sorted())
        return String(hasher.finalize(), radix: 16)
    }

    private static func locale(_ segment: String) -> String? {
        segment == "default" ? nil : segment
    }

    static func page(status: Int = 200, title: String, body: String) -> HTTPServerResponse {
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLEscaping.escaped(title)) · notifier preview</title>
            <style>
              * { box-sizing: border-box; }
              body { margin: 0; padding: 16px; font: 16px/1.5 system-ui, sans-serif; color: #1f2933; background: #f4f5f7; }
              main { max-width: 860px; margin: 0 auto; }
              h1 { font-size: 22px; margin: 8px 0 16px; overflow-wrap: anywhere; } h1 small { color: #52606d; font-weight: normal; }
              h2 { font-size: 16px; margin: 24px 0 8px; color: #52606d; text-transform: uppercase; letter-spacing: .04em; }
              ul.templates { list-style: none; padding: 0; } ul.templates li { background: #fff; border-radius: 8px; padding: 12px 16px; margin: 0 0 8px; }
              .locales a { display: inline-block; margin: 4px 8px 0 0; padding: 2px 10px; border-radius: 12px; background: #e4e7eb; color: #1f2933; text-decoration: none; }
              .subject { background: #fff; padding: 12px 16px; border-radius: 8px; font-weight: bold; overflow-wrap: anywhere; }
              iframe { display: block; width: 100%; min-height: 320px; border: 1px solid #cbd2d9; border-radius: 8px; background: #fff; }
              pre { background: #fff; padding: 12px 16px; border-radius: 8px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 14px; }
              pre.problem { color: #9b1c1c; }
              .note { color: #52606d; font-size: 14px; }
            </style>
            </head>
            <body><main>
            \(body)
            </main>
            <script>
              function fit(frame) { try { frame.style.height = (frame.contentDocument.documentElement.scrollHeight + 4) + "px"; } catch (e) {} }
              let seen = null;
              setInterval(async () => {
                try {
                  const token = await (await fetch("/changes", {cache: "no-store"})).text();
                  if (seen !== null && token !== seen) location.reload();
                  seen = token;
                } catch (e) {}
              }, 1000);
            </script>
            </body>
            </html>
            """
        return HTTPServerResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"], body: Data(html.utf8))
    }
}
