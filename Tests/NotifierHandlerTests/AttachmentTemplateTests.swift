import Foundation
import Testing
import TestSupport
@testable import NotifierHandler

/// The deployment grants `s3:GetObject` on exactly the `AttachmentSources` entries, and the
/// parameter's pattern refuses the values whose ARNs would grant more (`Tests/Oracles/template_attachment_arns.py`
/// evaluates template.yaml's conditions and intrinsics as CloudFormation does).
@Suite struct AttachmentTemplateTests {
    struct Evaluated: Decodable {
        var results: [Result]
        struct Result: Decodable {
            var value: String
            var allowed: Bool
            var resources: [String]?
        }
    }

    func evaluate(_ values: [String]) throws -> [Evaluated.Result] {
        try PythonOracle.decode(Evaluated.self, from: "template_attachment_arns.py", arguments: values).results
    }

    @Test func eachEntryBecomesExactlyOneObjectARN() throws {
        let results = try evaluate(["", "acube-invoices/", "acube-invoices/2026/,other.bucket/", "a11/,b22/x,c33/y/,d44/"])
        #expect(results.allSatisfy { $0.allowed })
        #expect(results[0].resources == nil)
        #expect(results[1].resources == ["arn:aws:s3:::acube-invoices/*"])
        #expect(results[2].resources == ["arn:aws:s3:::acube-invoices/2026/*", "arn:aws:s3:::other.bucket/*"])
        #expect(results[3].resources == ["arn:aws:s3:::a11/*", "arn:aws:s3:::b22/x*", "arn:aws:s3:::c33/y/*", "arn:aws:s3:::d44/*"])
    }

    /// `acube-invoices` alone would grant `acube-invoices*`, every bucket whose name starts so.
    @Test func valuesWhoseARNsWouldGrantMoreAreRefusedByThePattern() throws {
        let results = try evaluate(["acube-invoices", "a11/,b22/,c33/,d44/,e55/", "acube/*", "acube-invoices/, b22/"])
        #expect(results.allSatisfy { !$0.allowed }, "\(results)")
    }

    /// What the template allows, the function reads the same way: `bucket/` is the whole bucket.
    @Test func theFunctionReadsTheParameterAsTheTemplateGrantsIt() throws {
        let sources = try AttachmentSources(list: "acube-invoices/,other.bucket/2026/")
        #expect(sources.allows(bucket: "acube-invoices", key: "any/key.pdf"))
        #expect(sources.allows(bucket: "other.bucket", key: "2026/12/a.pdf"))
        #expect(!sources.allows(bucket: "other.bucket", key: "2025/a.pdf"))
        #expect(!sources.allows(bucket: "acube-invoices-2", key: "a.pdf"))
    }
}
