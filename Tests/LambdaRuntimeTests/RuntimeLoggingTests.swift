import Foundation
import RuntimeAPIServer
import Testing

/// What a handler's logger writes to the runtime's standard output, as Lambda's configuration asks.
@Suite struct RuntimeLoggingTests {
    let timeout: Duration = .seconds(20)

    /// Runs one `{"log":"…"}` invocation and returns the request id and the lines written.
    private func logLines(environment: [String: String]) throws -> (requestID: String, lines: [String]) {
        let server = try RuntimeAPIServer()
        defer { server.shutdown() }
        let lambda = try EchoLambdaProcess(runtimeAPI: server.endpoint, environment: environment)
        defer { lambda.stop() }

        let requestID = server.enqueue(event: Data(#"{"log":"delivered \"mail\""}"#.utf8))
        #expect(server.waitForOutcome(requestID: requestID, timeout: timeout)?.response == Data("logged".utf8))
        return (requestID, lambda.standardOutput.split(separator: "\n").map(String.init))
    }

    @Test func jsonFormatWritesOneLambdaObjectPerLine() throws {
        let (requestID, lines) = try logLines(environment: ["AWS_LAMBDA_LOG_FORMAT": "JSON"])

        let objects = try lines.map { try jsonObject(Data($0.utf8)) }
        #expect(objects.map { $0["level"] as? String } == ["INFO", "WARN", "ERROR", "FATAL"])
        for object in objects {
            #expect(object["message"] as? String == #"delivered "mail""#)
            #expect(object["requestId"] as? String == requestID)
            #expect(object["count"] as? Int == 1)
            #expect(object["ok"] as? Bool == true)
            let timestamp = try #require(object["timestamp"] as? String)
            #expect((try? iso8601WithMilliseconds.parse(timestamp)) != nil)
        }
    }

    @Test func textFormatWritesTabSeparatedLines() throws {
        let (requestID, lines) = try logLines(environment: [:])

        #expect(lines.count == 4)
        for (line, level) in zip(lines, ["INFO", "WARN", "ERROR", "FATAL"]) {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(columns.count == 4)
            #expect((try? iso8601WithMilliseconds.parse(columns[0])) != nil)
            #expect(columns[1] == requestID)
            #expect(columns[2] == level)
            #expect(columns[3] == #"delivered "mail" count=1 ok=true"#)
        }
    }

    @Test func logLevelDropsLinesBelowIt() throws {
        let (_, lines) = try logLines(environment: ["AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "WARN"])

        let levels = try lines.map { try jsonObject(Data($0.utf8))["level"] as? String }
        #expect(levels == ["WARN", "ERROR", "FATAL"])
    }

    @Test func traceLevelKeepsEveryLine() throws {
        let (_, lines) = try logLines(environment: ["AWS_LAMBDA_LOG_LEVEL": "trace"])

        #expect(lines.map { $0.split(separator: "\t")[2] } == ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])
    }
}

/// `2024-05-01T12:00:00.123Z`: the oracle for the logger's timestamps.
let iso8601WithMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
