import Foundation
@testable import LambdaRuntime
import Testing
import WallClock

/// How one log line is formatted, checked against Foundation's JSON parser and date formatter.
@Suite struct LambdaLoggerTests {
    let time = WallClockTime(millisecondsSince1970: 1_714_564_800_125)

    private func line(_ logger: LambdaLogger, _ message: String, fields: KeyValuePairs<String, LambdaLogger.FieldValue> = [:]) -> String {
        String(decoding: logger.formattedLine(.info, message, fields: fields, at: time), as: UTF8.self)
    }

    private func object(_ line: String) throws -> [String: Any] {
        try jsonObject(Data(line.utf8))
    }

    @Test func timestampIsISO8601InUTCWithMilliseconds() {
        for milliseconds: Int64 in [0, 1_714_564_800_125, 1_709_208_000_500, 951_782_400_250, 4_102_444_799_750, -1_500] {
            let oracle = iso8601WithMilliseconds.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            #expect(WallClockTime(millisecondsSince1970: milliseconds).utc.iso8601 == oracle)
        }
    }

    @Test func jsonLineIsOneObjectEndedByANewline() throws {
        let text = line(LambdaLogger(format: .json, requestID: "req-1"), "sent")

        #expect(text.hasSuffix("}\n"))
        #expect(text.dropLast().contains("\n") == false)
        let fields = try object(text)
        #expect(fields["timestamp"] as? String == "2024-05-01T12:00:00.125Z")
        #expect(fields["level"] as? String == "INFO")
        #expect(fields["message"] as? String == "sent")
        #expect(fields["requestId"] as? String == "req-1")
    }

    @Test func jsonLineCarriesTheInvocationsTraceIDWhichFieldsCannotReplace() throws {
        let logger = LambdaLogger(format: .json, requestID: "req-1", traceID: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700")
        let fields = try object(line(logger, "sent", fields: ["traceId": "forged"]))

        #expect(fields["traceId"] as? String == "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700")
    }

    @Test func jsonLineCarriesStructuredFieldsWithTheirTypes() throws {
        let fields = try object(line(LambdaLogger(format: .json), "sent", fields: [
            "messageId": "0100018f-abc", "recipients": 3, "seconds": 0.25, "retried": false, "ratio": .double(.infinity),
        ]))

        #expect(fields["messageId"] as? String == "0100018f-abc")
        #expect((fields["recipients"] as? NSNumber)?.intValue == 3)
        #expect((fields["seconds"] as? NSNumber)?.doubleValue == 0.25)
        #expect(fields["retried"] as? Bool == false)
        #expect(fields["ratio"] is NSNull)
    }

    @Test func jsonLineEscapesQuotesBackslashesAndControlCharacters() throws {
        let message = "quote \" backslash \\ newline \n tab \t bell \u{07} snowman ☃"
        let fields = try object(line(LambdaLogger(format: .json), message))

        #expect(fields["message"] as? String == message)
    }

    @Test func jsonLineOmitsRequestIDOutsideAnInvocation() throws {
        let fields = try object(line(LambdaLogger(format: .json), "starting"))

        #expect(fields["requestId"] == nil)
    }

    @Test func fieldsCannotReplaceLambdasOwnKeys() throws {
        let fields = try object(line(LambdaLogger(format: .json, requestID: "req-1"), "real", fields: [
            "message": "forged", "level": "FATAL", "requestId": "other", "timestamp": "never",
        ]))

        #expect(fields["message"] as? String == "real")
        #expect(fields["level"] as? String == "INFO")
        #expect(fields["requestId"] as? String == "req-1")
        #expect(fields["timestamp"] as? String == "2024-05-01T12:00:00.125Z")
    }

    @Test func textLineIsTabSeparatedWithFieldsAfterTheMessage() {
        let text = line(LambdaLogger(format: .text, requestID: "req-1"), "sent", fields: ["to": "a@example.com", "count": 2, "subject": "Hello there"])

        #expect(text == "2024-05-01T12:00:00.125Z\treq-1\tINFO\tsent to=a@example.com count=2 subject=\"Hello there\"\n")
    }

    @Test func textLineKeepsAMultiLineMessageInOneLogEvent() {
        let text = line(LambdaLogger(format: .text), "first\nsecond")

        #expect(text == "2024-05-01T12:00:00.125Z\tINFO\tfirst\rsecond\n")
    }

    @Test func levelNamesParseIgnoringCase() {
        #expect(LambdaLogger.Level(name: "warn") == .warn)
        #expect(LambdaLogger.Level(name: "TRACE") == .trace)
        #expect(LambdaLogger.Level(name: "Fatal") == .fatal)
        #expect(LambdaLogger.Level(name: "verbose") == nil)
    }

    @Test func levelsAreOrderedFromTraceToFatal() {
        #expect(LambdaLogger.Level.allCases == [.trace, .debug, .info, .warn, .error, .fatal])
        #expect(LambdaLogger.Level.allCases.sorted() == LambdaLogger.Level.allCases)
    }
}
