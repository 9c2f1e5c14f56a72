import CurlHTTP
import Foundation
import Testing
import TestSupport

/// The preview server (`scripts/preview`, the `template-preview` executable built beside this
/// test bundle) in a real browser: headless Chromium through WebDriver loads the index and every
/// template × locale page at 375 and 800 px, writes screenshots to
/// `build/test-output/preview/` for a person to look at, and no page scrolls horizontally.
@Suite(.serialized) struct TemplatePreviewBrowserTests {
    struct PageResult: Decodable {
        var page: String
        var width: Int
        var viewport: Int
        var scrollWidth: Int
        var title: String
        var subject: String?
        var frameTextLength: Int?
        var textLength: Int?
        var eml: String?
        var screenshot: String
    }

    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("template-preview").path
    static let output = PythonOracle.packageRoot.appendingPathComponent("build/test-output/preview")

    /// Starts the preview on a port the system picks (`--port 0`) and returns the base URL its
    /// first line announces, once it listens, and its process.
    static func startPreview() throws -> (url: String, process: Process) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--templates", PythonOracle.packageRoot.appendingPathComponent("templates").path, "--port", "0"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: "http://127.0.0.1:"),
              let end = text[start.upperBound...].firstIndex(of: "/")
        else { throw PreviewDidNotStart(output: text) }
        return (String(text[start.lowerBound..<end]), process)
    }

    struct PreviewDidNotStart: Error, CustomStringConvertible {
        var output: String
        var description: String { "template-preview did not announce its address; it printed: \(output)" }
    }

    @Test func everyTemplatePageRendersInChromiumWithoutHorizontalScrolling() throws {
        let (url, process) = try Self.startPreview()
        defer { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: Self.output)
        let results = try PythonOracle.decode([PageResult].self, from: "preview_browser.py", arguments: [url, Self.output.path])
        let pages = Set(results.map(\.page))
        #expect(pages == ["/", "/t/approval-request/default", "/t/order-received/default", "/t/order-received/fr", "/t/order-shipped/default", "/t/order-shipped/fr", "/t/welcome/default"])
        for result in results {
            #expect(result.viewport == result.width, "\(result.page) at \(result.width)")
            #expect(result.scrollWidth <= result.viewport, "\(result.page) scrolls horizontally at \(result.width) px: \(result.scrollWidth)")
            #expect(FileManager.default.fileExists(atPath: result.screenshot))
            guard result.page != "/" else { continue }
            #expect(result.subject?.isEmpty == false, "\(result.page)")
            #expect((result.frameTextLength ?? 0) > 50, "\(result.page): the HTML frame shows nothing")
            #expect((result.textLength ?? 0) > 50, "\(result.page)")
            #expect(result.eml?.hasSuffix("/message.eml") == true)
        }
        #expect(results.first { $0.page == "/t/order-received/fr" }?.subject == "Commande n° 1042 : merci pour votre commande !")
    }

    static func get(_ url: String) throws -> [UInt8] {
        try HTTPClient(configuration: .init(useProxy: false)).execute(HTTPRequest(method: .get, url: url, timeout: .seconds(10))).body
    }

    @Test func theEMLDownloadIsTheWholeMessage() throws {
        let (url, process) = try Self.startPreview()
        defer { process.terminate(); process.waitUntilExit() }
        let message = try ParsedMessage.parse(try Self.get(url + "/t/order-shipped/fr/message.eml"))
        #expect(message.subject == "Votre commande n° 1042 a été expédiée")
        #expect(message.to == [ParsedMessage.Address(name: "Ada Lovelace", address: "ada@example.org")])
        #expect(message.tree.contains("multipart/alternative"))
        #expect(message.wellFormednessProblems.isEmpty)
    }

    @Test func aPageReloadsWhenATemplateFileChanges() throws {
        let (url, process) = try Self.startPreview()
        defer { process.terminate(); process.waitUntilExit() }
        let before = try Self.get(url + "/changes")
        let file = PythonOracle.packageRoot.appendingPathComponent("templates/order-shipped/subject.mustache")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let modified = attributes[.modificationDate] as? Date ?? Date()
        try FileManager.default.setAttributes([.modificationDate: modified.addingTimeInterval(2)], ofItemAtPath: file.path)
        defer { try? FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file.path) }
        #expect(try Self.get(url + "/changes") != before)
    }
}
