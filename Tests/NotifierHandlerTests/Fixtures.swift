import Foundation

/// Files the tests read: the sample events shipped in `events/` (so the samples are tested as
/// they are) and the Python oracles in `Tests/Oracles`.
enum Fixtures {
    static let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sampleEvent(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: packageRoot.appending(path: "events/\(name)")))
    }

    /// A folder of its own for one test, removed by the caller when done.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "notifier-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
