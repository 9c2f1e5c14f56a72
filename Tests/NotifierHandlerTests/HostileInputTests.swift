import Foundation
import Glibc
import JSON
import RuntimeAPIServer
import Testing
import TestSupport

/// Events crafted to make the function do unbounded work, each sent to the real `bootstrap`: the
/// function must answer, stay alive, keep its peak memory (`VmHWM`) under ``memoryBound`` and its
/// answer and log lines under ``answerBound``, whatever was sent. Memory and size, never time.
@Suite struct HostileInputTests {
    /// Peak resident memory allowed for any of these cases; an idle `bootstrap` holds about 11 MiB.
    static let memoryBound = 64 * 1024 * 1024
    /// The largest answer (response or error body) or log line allowed for any of these cases.
    static let answerBound = 16 * 1024

    /// The answer's size and the peak memory of `function` after it answered `event`.
    func invokeAndMeasure(_ function: FunctionUnderTest, _ event: Data, test: String = #function, sourceLocation: SourceLocation = #_sourceLocation) throws -> (answer: Data, peak: Int) {
        let outcome: InvocationOutcome
        do {
            outcome = try function.invoke(event, timeout: .seconds(120))
        } catch {
            print("HostileInputTests.\(test): no answer; peak RSS so far \((Self.peakResidentBytes(of: function.process.pid) ?? 0) / 1024) KiB")
            throw error
        }
        let answer = outcome.response ?? outcome.error?.body ?? Data()
        let peak = try #require(Self.peakResidentBytes(of: function.process.pid), "the function exited: \(function.log.suffix(2000))", sourceLocation: sourceLocation)
        // Under a sanitizer the peak is the sanitizer's shadow and quarantine (Sanitizer.isActive).
        #expect(Sanitizer.isActive || peak < Self.memoryBound, "peak RSS \(peak / 1024) KiB", sourceLocation: sourceLocation)
        #expect(answer.count < Self.answerBound, "answer of \(answer.count) bytes", sourceLocation: sourceLocation)
        let longestLine = function.log.split(separator: "\n").map(\.utf8.count).max() ?? 0
        #expect(longestLine < Self.answerBound, "log line of \(longestLine) bytes", sourceLocation: sourceLocation)
        #expect(function.process.exitCode == nil, sourceLocation: sourceLocation)
        print("HostileInputTests.\(test): peak RSS \(peak / 1024) KiB, answer \(answer.count) bytes, longest log line \(longestLine) bytes")
        return (answer, peak)
    }

    /// `VmHWM` of process `pid` in bytes, `nil` when it is gone.
    static func peakResidentBytes(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    /// `count` copies of `element` joined by commas, built as bytes (a million-entry JSON array).
    static func repeated(_ element: String, count: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity((element.utf8.count + 1) * count)
        for index in 0..<count {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: element.utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func apiRequest(body: String) throws -> Data {
        var request = try JSONParser.parse(Fixtures.sampleEvent("apigateway-rest.json")).objectValue ?? JSONObject()
        request["body"] = .string(body)
        return Data(JSONValue.object(request).serialized())
    }

    /// The JSON body of an API Gateway answer.
    func apiBody(_ answer: Data) throws -> JSONValue {
        let response = try JSONParser.parse(Array(answer))
        return try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8))
    }

    // MARK: Huge arrays

    @Test func aMillionRecipientsInADirectInvocationAreOneShortError() throws {
        let function = try FunctionUnderTest()
        let event = #"{"from":"notifier@example.com","subject":"s","text":"t","to":["#
            + Self.repeated(#""x""#, count: 1_000_000) + "]}"
        let (answer, _) = try invokeAndMeasure(function, Data(event.utf8))
        let namesTheField = String(decoding: answer, as: UTF8.self).contains("to")
        #expect(namesTheField)
    }

    @Test func aMillionRecipientsThroughTheAPIAreA400NamingTheLimit() throws {
        let function = try FunctionUnderTest()
        let body = #"{"subject":"s","text":"t","to":["# + Self.repeated(#""x""#, count: 1_200_000) + "]}"
        let (answer, _) = try invokeAndMeasure(function, try apiRequest(body: body))
        #expect(try JSONParser.parse(Array(answer))["statusCode"] == .number("400"))
        let first = try apiBody(answer)["errors"]?.arrayValue?.first
        #expect(first?["field"] == "to")
    }

    @Test func almostTwoMillionEmptyAttachmentsAreA400() throws {
        let function = try FunctionUnderTest()
        let body = #"{"to":"ada@example.org","subject":"s","text":"t","attachments":["# + Self.repeated("{}", count: 1_700_000) + "]}"
        let (answer, _) = try invokeAndMeasure(function, try apiRequest(body: body))
        #expect(try JSONParser.parse(Array(answer))["statusCode"] == .number("400"))
        #expect(try apiBody(answer)["errors"]?.arrayValue?.first?["field"] == "attachments")
    }

    @Test func tenSQSRecordsOfBadRecipientsAreRejectedOneByOne() throws {
        let function = try FunctionUnderTest()
        let body = #"{"subject":"s","text":"t","to":["# + Self.repeated(#""x""#, count: 62_000) + "]}"
        let records: [JSONValue] = (0..<10).map { index in
            [
                "messageId": .string("m-\(index)"), "receiptHandle": "h", "body": .string(body), "attributes": [:],
                "messageAttributes": [:], "md5OfBody": "", "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifier", "awsRegion": "us-east-1",
            ]
        }
        let (answer, _) = try invokeAndMeasure(function, Data(JSONValue.object(JSONObject([("Records", .array(records))])).serialized()))
        #expect(try JSONParser.parse(Array(answer))["batchItemFailures"]?.arrayValue?.count == 10)
    }

    @Test func aMillionEmptyMessagesInABatchAreRefusedAsAWhole() throws {
        let function = try FunctionUnderTest()
        let event = #"{"messages":["# + Self.repeated("{}", count: 1_000_000) + "]}"
        let (answer, _) = try invokeAndMeasure(function, Data(event.utf8))
        #expect(!answer.isEmpty)
    }

    @Test func aBatchOverTheLimitIsRefusedAsAWholeBeforeAnyIsRead() throws {
        let outbox = try Fixtures.temporaryDirectory()
        let function = try FunctionUnderTest(environment: ["NOTIFIER_OUTBOX_DIR": outbox.path])
        let message = #"{"to":"ada@example.org","subject":"s","text":"t"}"#
        let event = #"{"messages":["# + Self.repeated(message, count: 70_000) + "]}"
        let (answer, _) = try invokeAndMeasure(function, Data(event.utf8))
        let namesTheField = String(decoding: answer, as: UTF8.self).contains("messages")
        #expect(namesTheField)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.path).isEmpty, "nothing of a refused batch is sent")
    }

    // MARK: Many small attachments

    @Test(arguments: [120_000, 175_000])
    func manyTinyAttachmentsAreA400NotASendFailure(count: Int) throws {
        // The highest request limit (6 MiB, Lambda's), above these bodies, so that the message itself is judged.
        let function = try FunctionUnderTest(environment: ["NOTIFIER_MAX_REQUEST_BYTES": String(6 * 1024 * 1024)])
        let body = #"{"to":"ada@example.org","subject":"s","text":"t","attachments":["#
            + Self.repeated(#"{"filename":"a","content":"YQ=="}"#, count: count) + "]}"
        let (answer, _) = try invokeAndMeasure(function, try apiRequest(body: body))
        #expect(try JSONParser.parse(Array(answer))["statusCode"] == .number("400"))
    }

    // MARK: Many keys, long keys

    @Test func twentyThousandHeadersAreOneError() throws {
        let function = try FunctionUnderTest()
        let headers = (0..<20_000).map { #""X-H\#($0)":"v""# }.joined(separator: ",")
        let body = #"{"to":"ada@example.org","subject":"s","text":"t","headers":{"# + headers + "}}"
        let (answer, _) = try invokeAndMeasure(function, try apiRequest(body: body))
        let errors = try apiBody(answer)["errors"]?.arrayValue ?? []
        #expect(errors.count == 1)
        #expect(errors.first?["field"] == "headers")
    }

    @Test func aHugeTemplateNameIsNotEchoedWhole() throws {
        let function = try FunctionUnderTest()
        let name = String(repeating: "a", count: 100_000)
        let (answer, _) = try invokeAndMeasure(function, try apiRequest(body: #"{"to":"ada@example.org","template":"\#(name)"}"#))
        #expect(try JSONParser.parse(Array(answer))["statusCode"] == .number("400"))
    }

    @Test func aHugeUnknownKeyIsNotEchoedWhole() throws {
        let function = try FunctionUnderTest()
        let key = String(repeating: "k", count: 100_000)
        let (answer, _) = try invokeAndMeasure(function, try apiRequest(body: #"{"to":"ada@example.org","subject":"s","text":"t","\#(key)":1}"#))
        #expect(try JSONParser.parse(Array(answer))["statusCode"] == .number("400"))
    }
}
