import Foundation
import JSON
import Testing
import TestSupport

/// The approval e-mail and its pages in a real browser: headless Chromium driven through
/// WebDriver (Debian's `chromium` and `chromium-driver`, Selenium from PyPI; `scripts/install-deps`
/// installs them). Screenshots at 375 and 1024 px go to `build/test-output/approvals/` for a
/// person to look at.
@Suite(.serialized) struct ApprovalBrowserTests {
    static let chromedriver = "/usr/bin/chromedriver"
    static let chromium = "/usr/bin/chromium"
    static let output = PythonOracle.packageRoot.appendingPathComponent("build/test-output/approvals")

    static var browserIsInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: chromedriver) && FileManager.default.isExecutableFile(atPath: chromium)
    }

    /// Under CI a missing browser fails the suite instead of skipping it.
    static var runs: Bool { browserIsInstalled || ProcessInfo.processInfo.environment["CI"] == "true" }

    struct BrowserReport: Decodable {
        var confirmHeading: String
        var confirmWidth375: Int
        var buttonHeight375: Double
        var buttonFits375: Bool
        var resultHeading: String
        var resultWidth375: Int
        var againHeading: String
        var cookies: Int
    }

    @Test(.enabled(if: runs)) func aReaderOpensTheMailLinkConfirmsAndSeesTheResult() throws {
        #expect(Self.browserIsInstalled, "chromium and chromium-driver are not installed: run scripts/install-deps")
        let gateway = try LoopbackAPIGateway()
        let approval = try ApprovalFunction(baseURL: gateway.baseURL)
        gateway.route(to: approval)
        let (taskToken, message) = try approval.sendApproval()
        let html = try #require(message.html)
        try FileManager.default.createDirectory(at: Self.output, withIntermediateDirectories: true)
        let mailFile = Self.output.appendingPathComponent("email.html")
        try Data(html.utf8).write(to: mailFile)

        let report = try PythonOracle.decode(
            BrowserReport.self, from: "browser_action_pages.py",
            arguments: [mailFile.path, Self.output.path, Self.chromedriver, Self.chromium])
        #expect(report.confirmHeading == "Approve?")
        #expect(report.resultHeading == "Done: Approve")
        #expect(report.againHeading == "Already answered")
        #expect(report.cookies == 0)
        #expect(report.confirmWidth375 <= 375 && report.resultWidth375 <= 375, "no horizontal scrolling on a phone")
        #expect(report.buttonFits375 && report.buttonHeight375 >= 44, "a button a thumb can press")
        #expect(approval.stepFunctions.task(taskToken) == .succeeded(output: #"{"approved":true,"by":"ada"}"#))
        for name in ["email-375", "email-1024", "confirm-375", "confirm-1024", "result-375", "result-1024", "already-answered-375"] {
            #expect(FileManager.default.fileExists(atPath: Self.output.appendingPathComponent("\(name).png").path), "\(name).png")
        }
    }
}
