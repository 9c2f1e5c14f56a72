import Foundation
import JSON
import Testing
import TestSupport

/// The metrics line the real `bootstrap` writes once per invocation, checked against the CloudWatch
/// Embedded Metric Format specification by `Tests/Oracles/emf_check.py`, in both of Lambda's log
/// formats: CloudWatch Logs extracts metrics only from a line that follows it to the letter.
@Suite struct MetricsLineTests {
    struct Line: Decodable {
        var problems: [String]
        var metrics: [String: [Double]]
    }

    @Test(arguments: ["JSON", "Text"])
    func oneConformingMetricsLinePerInvocationCountsWhatHappened(format: String) throws {
        let function = try FunctionUnderTest(environment: ["AWS_LAMBDA_LOG_FORMAT": format])
        let outcome = try function.invoke(sample: "sqs-batch.json")
        let response = try JSONParser.parse(Array(try #require(outcome.response)))
        let records = try JSONParser.parse(Array(try Fixtures.sampleEvent("sqs-batch.json")))["Records"]?.arrayValue?.count ?? 0
        let failed = response["batchItemFailures"]?.arrayValue?.count ?? 0
        try #require(records > failed && failed > 0, "the sample batch has sent and refused records")

        let lines = try PythonOracle.decode([Line].self, from: "emf_check.py", input: Array(function.log.utf8))
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.problems == [])
        #expect(line.metrics["EmailsSent"] == [Double(records - failed)])
        #expect(line.metrics["ValidationErrors"] == [Double(failed)])
        #expect(line.metrics["EmailsFailed"] == [0])
        #expect(line.metrics["SendLatency"]?.count == records - failed)

        let emf = try #require(function.log.split(separator: "\n").first { $0.contains("\"_aws\"") })
        let document = try JSONParser.parse(Array(emf.utf8))
        #expect(document["FunctionName"] == "notifier-test")
        #expect(document["_aws"]?["CloudWatchMetrics"]?.arrayValue?.first?["Namespace"] == "Notifier")
        #expect(document["_aws"]?["CloudWatchMetrics"]?.arrayValue?.first?["Dimensions"] == [["FunctionName"]])
    }

    @Test func theOracleFindsABrokenLine() throws {
        let broken = #"{"_aws":{"Timestamp":"now","CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["FunctionName"]],"Metrics":[{"Name":"EmailsSent","Unit":"Emails"}]}]},"EmailsSent":"1"}"#
        let lines = try PythonOracle.decode([Line].self, from: "emf_check.py", input: Array(broken.utf8))
        #expect(lines.first?.problems.count == 4)
    }
}
