import Foundation
import TestSupport

/// The command line of `notifier-benchmarks`.
struct BenchmarkOptions {
    static let usage = """
        usage: notifier-benchmarks [--quick] [--output FILE] [--bin DIR] [--package DIR] [--zip FILE]
                                   [--python PATH | --no-peer REASON] [--no-moto] [--function-logs FILE]
          --quick              fewer runs of everything (about a minute)
          --output FILE        write the Markdown report there (default: print it)
          --bin DIR            where the release bootstrap and EchoLambda are (default: beside this tool)
          --package DIR        the Lambda package to measure (default: build/package, when it exists)
          --zip FILE           its zip (default: build/notifier.zip, when it exists)
          --python PATH        Python with awslambdaric and boto3, for the peer (default: .venv-bench/bin/python)
          --no-peer REASON     leave the peer out, and say why in the report
          --no-moto            leave out the run against moto
          --function-logs FILE append the functions' own output there (default: discarded)
        """

    var counts = RunCounts.full
    var quick = false
    var output: String?
    var binDirectory: String
    var packageDirectory: String?
    var zip: String?
    var python: String?
    var peerUnavailable: String?
    var moto = true
    var functionLogs: String?

    static let packageRoot = PythonOracle.packageRoot.path

    init(arguments: [String]) throws(UsageError) {
        binDirectory = URL(fileURLWithPath: arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent().path
        var packageDirectory: String? = Self.packageRoot + "/build/package"
        var zip: String? = Self.packageRoot + "/build/notifier.zip"
        var python: String? = Self.packageRoot + "/.venv-bench/bin/python"
        var rest = arguments.dropFirst()
        func value(_ option: String) throws(UsageError) -> String {
            guard let value = rest.popFirst() else { throw UsageError(message: "\(option) needs a value") }
            return value
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": quick = true; counts = .quick
            case "--output": output = try value(argument)
            case "--bin": binDirectory = try value(argument)
            case "--package": packageDirectory = try value(argument)
            case "--zip": zip = try value(argument)
            case "--python": python = try value(argument)
            case "--no-peer": peerUnavailable = try value(argument); python = nil
            case "--no-moto": moto = false
            case "--function-logs": functionLogs = try value(argument)
            case "-h", "--help": throw UsageError(message: nil)
            default: throw UsageError(message: "unknown argument \(argument)")
            }
        }
        let manager = FileManager.default
        self.packageDirectory = packageDirectory.flatMap { manager.fileExists(atPath: $0 + "/bootstrap") ? $0 : nil }
        self.zip = zip.flatMap { manager.fileExists(atPath: $0) ? $0 : nil }
        if let python, peerUnavailable == nil, !manager.isExecutableFile(atPath: python) {
            peerUnavailable = "no Python at \(python) (scripts/benchmark makes the .venv-bench virtual environment)"
            self.python = nil
        } else {
            self.python = peerUnavailable == nil ? python : nil
        }
    }

    struct UsageError: Error {
        var message: String?
    }
}
