import AWSCore
import EmailKit
import Foundation
import Glibc
import LoopbackHTTP
import S3
import Testing
import TestSupport
@testable import NotifierHandler

/// Template names come from the messages: a sender asking for ever new names must cost neither
/// memory nor S3 requests without end, and must not keep the real templates from being served.
@Suite struct TemplateCacheBoundsTests {
    static let unknownNames = 100_000

    /// The process's resident set, from /proc/self/status.
    static func residentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    @Test func unknownNamesInS3CostABoundedNumberOfRequestsAndKeepTheCachesBounded() throws {
        let moto = try MotoServer.shared()
        // Between the client and moto: it counts what the client really sent.
        let proxy = try CountingProxy(to: moto.endpoint)
        let source = try TemplateRouteTests.s3Source(through: proxy, refreshInterval: .seconds(3_600))
        let library = TemplateLibrary(source: source)
        let deadline = ContinuousClock.now + .seconds(3_600)
        let started = ContinuousClock.now

        // A real template, kept before the flood.
        let before = try library.render("order-received", data: TemplateLibraryTests.order, deadline: deadline)
        let realRequests = try proxy.requestCount()
        let residentBefore = Self.residentBytes()

        var notFound = 0
        var throttled = 0
        for index in 0..<Self.unknownNames {
            do {
                _ = try library.render("unknown-\(index)", data: TemplateLibraryTests.order, deadline: deadline)
                Issue.record("unknown-\(index) rendered")
            } catch .notFound {
                notFound += 1
            } catch .unavailable(let error) where error.code == "TooManyUnknownTemplates" && error.isRetryable {
                throttled += 1
            } catch {
                Issue.record("unknown-\(index): \(error)")
            }
        }
        let residentAfter = Self.residentBytes()

        // Each miss window lets at most missBudget lookups through; the windows are counted
        // from the configured window, not a guess at the machine's speed.
        let windows = 1 + Int(started.duration(to: .now) / S3TemplateSource.missWindow)
        let floodRequests = try proxy.requestCount() - realRequests
        #expect(floodRequests <= S3TemplateSource.missBudget * windows, "\(floodRequests) S3 requests for \(Self.unknownNames) unknown names")
        #expect(notFound + throttled == Self.unknownNames)
        #expect(notFound >= S3TemplateSource.missBudget)
        let kept = source.keptCounts
        #expect(kept.files <= S3TemplateSource.maximumFiles)
        #expect(kept.misses <= S3TemplateSource.maximumMisses)
        #expect(library.parsedCount <= TemplateLibrary.maximumParsed)
        print("TemplateCacheBoundsTests: \(Self.unknownNames) unknown names: \(floodRequests) S3 requests, \(notFound) not found, \(throttled) refused without asking; kept \(kept.files) files, \(kept.misses) misses; RSS \(residentBefore >> 10) KiB before, \(residentAfter >> 10) KiB after")

        // The real template is still served, from the cache: no request.
        let requestsBeforeRerender = try proxy.requestCount()
        #expect(try library.render("order-received", data: TemplateLibraryTests.order, deadline: deadline) == before)
        #expect(try proxy.requestCount() == requestsBeforeRerender)
    }

    @Test func namesThatCannotExistAreRefusedBeforeAnyRequest() throws {
        let moto = try MotoServer.shared()
        let proxy = try CountingProxy(to: moto.endpoint)
        let library = TemplateLibrary(source: try TemplateRouteTests.s3Source(through: proxy))
        for name in ["", "../etc", "Order", "a/b", String(repeating: "a", count: 65), "-x", "ünïcode", "a b"] {
            #expect(throws: TemplateError.invalidName(name)) {
                try library.render(name, data: TemplateLibraryTests.order, deadline: ContinuousClock.now + .seconds(10))
            }
        }
        #expect(try proxy.requestCount() == 0)
    }

    /// A fake S3 whose listing never ends (every page is truncated and names one more folder),
    /// which moto would need tens of thousands of objects to show: the listing stops after its
    /// page bound, is refused whole, and the refusal is kept like a listing.
    @Test func anEndlessListingIsRefusedAfterItsPageBoundAndTheRefusalIsKept() throws {
        let pages = WaitableMutex(0)
        let server = try HTTPServer { request in
            let page = pages.withLock { count in
                count += 1
                return count
            }
            let body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult><Name>templates</Name><Prefix>t/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>\
                <IsTruncated>true</IsTruncated><NextContinuationToken>page-\(page + 1)</NextContinuationToken>\
                <CommonPrefixes><Prefix>t/folder-\(page)/</Prefix></CommonPrefixes></ListBucketResult>
                """
            return HTTPServerResponse(status: 200, headers: ["Content-Type": "application/xml"], body: Data(body.utf8))
        }
        defer { server.shutdown() }
        let source = S3TemplateSource(
            client: S3Client(configuration: AWSClientConfiguration(
                service: .s3, region: "eu-west-1", credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
                endpoint: "http://127.0.0.1:\(server.port)")),
            bucket: "templates", prefix: "t/", refreshInterval: .seconds(60))

        for _ in 0..<3 {
            #expect {
                _ = try source.folderNames(deadline: .now + .seconds(10))
            } throws: { error in
                (error as? TemplateSourceError)?.code == "TooManyTemplateFolders" && (error as? TemplateSourceError)?.isRetryable == false
            }
        }
        #expect(pages.withLock { $0 } == S3TemplateSource.maximumListPages)
    }

    @Test func aFolderKeepsOnlyTheFilesItHas() throws {
        let source = DirectoryTemplateSource(directory: Fixtures.packageRoot.appending(path: "templates").path)
        let library = TemplateLibrary(source: source)
        let deadline = ContinuousClock.now + .seconds(60)
        for index in 0..<10_000 {
            #expect(throws: TemplateError.notFound("unknown-\(index)")) {
                try library.render("unknown-\(index)", data: TemplateLibraryTests.order, deadline: deadline)
            }
        }
        _ = try library.render("order-received", data: TemplateLibraryTests.order, deadline: deadline)
        // subject, preheader, HTML and text, the header and footer partials, locales/default.json.
        #expect(source.keptCount == 7)
    }
}
