import Foundation
import LoopbackHTTP
import NotifierHandler

// `template-preview [--templates DIR] [--port N]`: serves every template rendered from its
// `sample.json` on http://127.0.0.1:PORT/ (`--port 0`: one the system picks, announced on the
// first line) until interrupted. A developer tool (scripts/preview),
// never deployed.
var directory = "templates"
var port: UInt16 = 8025
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--templates": directory = arguments.popFirst() ?? directory
    case "--port": port = arguments.popFirst().flatMap { UInt16($0) } ?? port
    default:
        FileHandle.standardError.write(Data("usage: template-preview [--templates DIR] [--port N]\n".utf8))
        exit(64)
    }
}
// A parent may have blocked these (a test runner does); the preview must end when asked to.
var endSignals = sigset_t()
sigemptyset(&endSignals)
sigaddset(&endSignals, SIGTERM)
sigaddset(&endSignals, SIGINT)
sigprocmask(SIG_UNBLOCK, &endSignals, nil)

let pages = PreviewPages(catalog: TemplatePreviewCatalog(directory: URL(fileURLWithPath: directory).standardizedFileURL.path))
do {
    let server = try HTTPServer(port: port) { pages.answer($0) }
    FileHandle.standardOutput.write(Data("template preview on http://127.0.0.1:\(server.port)/ (templates: \(directory))\n".utf8))
    while true { sleep(3600) }
} catch {
    FileHandle.standardError.write(Data("template-preview: \(error)\n".utf8))
    exit(1)
}
