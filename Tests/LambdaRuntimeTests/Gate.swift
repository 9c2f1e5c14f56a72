import Foundation

/// A file whose creation lets held EchoLambda invocations (`{"hold":path}`,
/// `{"afterResponse":path}`) go on; removed when the test ends.
final class Gate {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gate-\(UUID().uuidString)").path

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func open() throws {
        try Data().write(to: URL(fileURLWithPath: path))
    }
}
