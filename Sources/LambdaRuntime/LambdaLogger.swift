import Glibc
import JSON
import WallClock

/// Writes log lines to standard output, where Lambda collects them for CloudWatch Logs.
///
/// With `AWS_LAMBDA_LOG_FORMAT=JSON` every line is one JSON object in Lambda's structured format:
/// `{"timestamp":"2024-05-01T12:00:00.123Z","level":"INFO","message":"…","requestId":"…","traceId":"…",…}`,
/// the extra fields following as top-level keys. Otherwise lines are tab-separated text:
/// `2024-05-01T12:00:00.123Z<TAB>requestId<TAB>INFO<TAB>message key=value …`. Messages below
/// `AWS_LAMBDA_LOG_LEVEL` (default `INFO`) are dropped without being built.
///
/// Each line goes out whole through ``StandardOutput/writeLine(_:)``, so lines of invocations
/// running at once on several workers never interleave. The runtime hands the handler a logger
/// tagged with the invocation's request id and trace id in ``LambdaContext/logger``.
public struct LambdaLogger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, warn, error, fatal

        /// The name Lambda uses: `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `FATAL`.
        public var name: String {
            switch self {
            case .trace: "TRACE"
            case .debug: "DEBUG"
            case .info: "INFO"
            case .warn: "WARN"
            case .error: "ERROR"
            case .fatal: "FATAL"
            }
        }

        /// Parses a name as Lambda spells it, ignoring case.
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.uppercased() }) else { return nil }
            self = level
        }

        public static func < (lhs: Level, rhs: Level) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
    }

    public enum Format: Sendable, Equatable {
        case text
        case json
    }

    /// The value of a structured field.
    public enum FieldValue: Sendable, Equatable, ExpressibleByStringInterpolation,
        ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
    {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)

        public init(stringLiteral value: String) { self = .string(value) }
        public init(integerLiteral value: Int) { self = .int(value) }
        public init(floatLiteral value: Double) { self = .double(value) }
        public init(booleanLiteral value: Bool) { self = .bool(value) }
    }

    /// Messages below this level are dropped.
    public var level: Level
    public var format: Format
    /// Written with every line when set; the runtime sets it for each invocation.
    public var requestID: String?
    /// The invocation's X-Ray trace header, written as `traceId` with every JSON line when set; the
    /// runtime sets it for each invocation. It travels here rather than in the process-wide
    /// `_X_AMZN_TRACE_ID`, which cannot tell invocations running at once apart.
    public var traceID: String?

    public init(level: Level = .info, format: Format = .text, requestID: String? = nil, traceID: String? = nil) {
        self.level = level
        self.format = format
        self.requestID = requestID
        self.traceID = traceID
    }

    /// The logger Lambda's configuration asks for: `AWS_LAMBDA_LOG_FORMAT` (`JSON` or text) and
    /// `AWS_LAMBDA_LOG_LEVEL` (`INFO` when unset or unknown).
    public static func configuredByEnvironment() -> LambdaLogger {
        LambdaLogger(
            level: environmentValue("AWS_LAMBDA_LOG_LEVEL").flatMap(Level.init(name:)) ?? .info,
            format: environmentValue("AWS_LAMBDA_LOG_FORMAT")?.uppercased() == "JSON" ? .json : .text
        )
    }

    /// Writes `message` with `fields` when `level` is enabled. In JSON, a field named like one of
    /// the logger's own keys (`timestamp`, `level`, `message`, `requestId`, `traceId`) is left out.
    public func log(
        _ level: Level,
        _ message: @autoclosure () -> String,
        fields: KeyValuePairs<String, FieldValue> = [:]
    ) {
        guard level >= self.level else { return }
        let line = formattedLine(level, message(), fields: fields, at: .now())
        StandardOutput.writeLine(line)
    }

    public func trace(_ message: @autoclosure () -> String, fields: KeyValuePairs<String, FieldValue> = [:]) {
        log(.trace, message(), fields: fields)
    }

    public func debug(_ message: @autoclosure () -> String, fields: KeyValuePairs<String, FieldValue> = [:]) {
        log(.debug, message(), fields: fields)
    }

    public func info(_ message: @autoclosure () -> String, fields: KeyValuePairs<String, FieldValue> = [:]) {
        log(.info, message(), fields: fields)
    }

    public func warn(_ message: @autoclosure () -> String, fields: KeyValuePairs<String, FieldValue> = [:]) {
        log(.warn, message(), fields: fields)
    }

    public func error(_ message: @autoclosure () -> String, fields: KeyValuePairs<String, FieldValue> = [:]) {
        log(.error, message(), fields: fields)
    }

    public func fatal(_ message: @autoclosure () -> String, fields: KeyValuePairs<String, FieldValue> = [:]) {
        log(.fatal, message(), fields: fields)
    }

    // MARK: - Formatting

    /// One complete line, newline included.
    func formattedLine(_ level: Level, _ message: String, fields: KeyValuePairs<String, FieldValue>, at time: WallClockTime) -> [UInt8] {
        let timestamp = time.utc.iso8601
        switch format {
        case .json:
            var object = JSONObjectWriter(capacity: 128 + message.utf8.count)
            object.add("timestamp", timestamp)
            object.add("level", level.name)
            object.add("message", message)
            if let requestID { object.add("requestId", requestID) }
            if let traceID { object.add("traceId", traceID) }
            for (key, value) in fields where !reservedKeys.contains(key) {
                switch value {
                case .string(let string): object.add(key, string)
                case .int(let int): object.add(key, rawJSON: String(int))
                case .double(let double): object.add(key, rawJSON: double.isFinite ? String(double) : "null")
                case .bool(let bool): object.add(key, rawJSON: bool ? "true" : "false")
                }
            }
            var line = object.finish()
            line.append(0x0A)
            return line

        case .text:
            var line = [UInt8]()
            line.reserveCapacity(64 + message.utf8.count)
            line.append(contentsOf: timestamp.utf8)
            line.append(0x09)
            if let requestID {
                line.append(contentsOf: requestID.utf8)
                line.append(0x09)
            }
            line.append(contentsOf: level.name.utf8)
            line.append(0x09)
            // Lambda starts a new log event at every newline; a carriage return keeps a multi-line
            // message in one event, as AWS's Node.js runtime does.
            line.append(contentsOf: message.utf8.lazy.map { $0 == 0x0A ? 0x0D : $0 })
            for (key, value) in fields {
                line.append(0x20)
                line.append(contentsOf: key.utf8)
                line.append(UInt8(ascii: "="))
                switch value {
                case .string(let string):
                    if string.isEmpty || string.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") }) {
                        JSONString.append(string, to: &line)
                    } else {
                        line.append(contentsOf: string.utf8)
                    }
                case .int(let int): line.append(contentsOf: String(int).utf8)
                case .double(let double): line.append(contentsOf: String(double).utf8)
                case .bool(let bool): line.append(contentsOf: (bool ? "true" : "false").utf8)
                }
            }
            line.append(0x0A)
            return line
        }
    }
}

private let reservedKeys: Set<String> = ["timestamp", "level", "message", "requestId", "traceId"]

/// The value of an environment variable; `nil` when it is not set.
func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
