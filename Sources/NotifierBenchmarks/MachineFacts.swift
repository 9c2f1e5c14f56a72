import Foundation

/// The facts a reader needs to judge the numbers: the machine, how loaded it was, and what was built.
struct MachineFacts {
    var cpuModel: String
    var cores: Int
    var memoryMiB: Int
    var kernel: String
    var loadAverageAtStart: String
    var loadAverageAtEnd: String?
    var gitCommit: String
    var swiftVersion: String
    var python: String?
    var date: String

    static func collect(packageRoot: String, python: String?) -> MachineFacts {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        var name = utsname()
        uname(&name)
        let kernel = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let commit = output(of: "/usr/bin/env", ["git", "rev-parse", "--short", "HEAD"], in: packageRoot) ?? "unknown"
        let dirty = output(of: "/usr/bin/env", ["git", "status", "--porcelain", "--untracked-files=no"], in: packageRoot).map { !$0.isEmpty } ?? false
        let swift = output(of: "/usr/bin/env", ["swift", "--version"])?.split(separator: "\n").first.map(String.init) ?? "unknown"
        return MachineFacts(
            cpuModel: model,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryMiB: Int(ProcessInfo.processInfo.physicalMemory / 1_048_576),
            kernel: "Linux \(kernel)",
            loadAverageAtStart: loadAverage(),
            gitCommit: commit + (dirty ? " with uncommitted changes" : ""),
            swiftVersion: swift,
            python: python.flatMap { output(of: $0, ["--version"]) },
            date: ISO8601DateFormatter().string(from: Date()))
    }

    /// The 1, 5 and 15 minute load averages.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
