import Foundation
@testable import LambdaRuntime
import Testing

/// How a thrown error is named when it is reported to the Runtime API.
@Suite struct ErrorReportTests {
    struct QuotaExceeded: Error {
        var limit: Int
    }

    struct InvalidRecipient: LambdaFunctionError {
        var address: String
        var errorMessage: String { "\(address) is not a valid recipient" }
    }

    @Test func aHugeErrorIsCutToABoundedReport() throws {
        let error = InvalidRecipient(address: String(repeating: "é", count: 1_000_000))
        let report = ErrorReport(error)
        #expect(report.errorMessage.utf8.count < ErrorReport.maximumMessageBytes + 64)
        let endsWithTheFullSize = report.errorMessage.hasSuffix("… (cut from \(error.errorMessage.utf8.count) bytes)")
        #expect(endsWithTheFullSize)
        #expect(report.json.count < ErrorReport.maximumMessageBytes + 256)
        let decoded = try JSONSerialization.jsonObject(with: Data(report.json)) as? [String: Any]
        #expect((decoded?["errorMessage"] as? String)?.hasPrefix("éé") == true)
    }

    @Test func plainErrorIsNamedAfterItsTypeAndDescribedByItsValue() {
        let report = ErrorReport(QuotaExceeded(limit: 14))

        #expect(report.errorType == "QuotaExceeded")
        #expect(report.errorMessage == "QuotaExceeded(limit: 14)")
    }

    @Test func lambdaFunctionErrorKeepsTheTypeNameByDefaultAndItsOwnMessage() {
        let report = ErrorReport(InvalidRecipient(address: "nobody@"))

        #expect(report.errorType == "InvalidRecipient")
        #expect(report.errorMessage == "nobody@ is not a valid recipient")
    }

    @Test func reportBodyIsLambdasErrorObject() throws {
        let report = ErrorReport(errorType: "Mail.Rejected", errorMessage: "said \"no\"\nand left")

        let object = try jsonObject(Data(report.json))

        #expect(object["errorType"] as? String == "Mail.Rejected")
        #expect(object["errorMessage"] as? String == "said \"no\"\nand left")
        #expect((object["stackTrace"] as? [Any])?.isEmpty == true)
        #expect(object.count == 3)
    }

    @Test func errorTypeHeaderValueHasNoControlCharacters() {
        let report = ErrorReport(errorType: "Bad\r\nInjected: yes", errorMessage: "")

        #expect(report.headerValue == "Bad  Injected: yes")
    }
}
