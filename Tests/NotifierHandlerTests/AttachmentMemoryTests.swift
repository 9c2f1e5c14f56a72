import Foundation
import JSON
import Testing
import TestSupport

/// Peak and settled resident memory of the real `bootstrap` sending one S3 attachment of 1, 10
/// and 25 MB through moto (S3 and SES, SigV4 on): `VmHWM` and `VmRSS` from `/proc/<pid>/status`.
///
/// The target (issue 17): a peak under 2.5 × the raw MIME message plus the idle RSS. The MIME is
/// written straight into the SendEmail body and base64-encoded there
/// (`SendEmailRequest.Content.message`), so at the peak the attachment's bytes and the request
/// body are alive, about 2.1 × the MIME message; a copy added anywhere fails this. A 25 MB
/// attachment (34 MB of MIME) then peaks far below a 256 MB function's memory.
/// After the send, RSS must be back within 10 % of idle (no buffer kept).
/// The figures are printed for BENCHMARKS.md.
@Suite(.serialized) struct AttachmentMemoryTests {
    @Test(arguments: [1, 10, 25])
    func peakMemoryIsBoundedByTheMessageAndReturnsToIdle(megabytes: Int) throws {
        let moto = try MotoServer.shared()
        let key = "2026/bench/\(megabytes)mb.pdf"
        let size = megabytes * 1_000_000
        _ = try PythonOracle.run("s3_put_random.py", arguments: [
            moto.endpoint, moto.region, moto.attachments.producerAccessKeyID, moto.attachments.producerSecretAccessKey,
            moto.attachments.bucket, key, String(size)])

        let function = try FunctionUnderTest(environment: ["NOTIFIER_ATTACHMENT_SOURCES": "acube-invoices/2026/"])
        // One small message first, so that idle includes the warm clients and TLS-free connections.
        let warm = try function.invoke(Data(#"{"to": "ada@example.org", "subject": "warm", "text": "warm"}"#.utf8))
        #expect(warm.response != nil)
        let idle = try Self.status(function.process.pid)

        let outcome = try function.invoke(Data(#"{"to": "ada@example.org", "subject": "Big", "text": "Attached.", "attachments": [{"s3": "s3://acube-invoices/\#(key)"}]}"#.utf8), timeout: .seconds(120))
        let response = try #require(outcome.response, "\(outcome.result) \(function.log.suffix(3000))")
        let id = try #require(try JSONParser.parse(Array(response))["messageId"]?.stringValue, "\(function.log.suffix(3000))")
        let after = try Self.status(function.process.pid)
        let mime = try #require(try function.moto.sentMessage(messageID: id)).rawData.utf8.count

        let bound = idle.rss + mime * 5 / 2
        print("attachment-memory \(megabytes) MB: mime \(mime) B, idle RSS \(idle.rss / 1024) KiB, peak (VmHWM) \(after.peak / 1024) KiB, "
              + "after \(after.rss / 1024) KiB, bound \(bound / 1024) KiB, peak/(mime) \(Double(after.peak - idle.rss) / Double(mime))")
        // Under a sanitizer resident memory is the sanitizer's shadow and quarantine (Sanitizer.isActive).
        #expect(Sanitizer.isActive || after.peak < bound, "peak \(after.peak) ≥ \(bound)")
        #expect(Sanitizer.isActive || after.peak < 256 * 1024 * 1024, "peak \(after.peak) does not fit a 256 MB function")
        #expect(Sanitizer.isActive || after.rss <= idle.rss + idle.rss / 10, "RSS after \(after.rss) > idle \(idle.rss) + 10 %")
    }

    /// `VmHWM` and `VmRSS` of `pid`, in bytes.
    static func status(_ pid: pid_t) throws -> (peak: Int, rss: Int) {
        let text = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        func kilobytes(_ name: String) -> Int {
            let line = text.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return (kilobytes("VmHWM"), kilobytes("VmRSS"))
    }
}
