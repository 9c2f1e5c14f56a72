import ActionLinks
import Foundation
import JSON
import StepFunctions
import Testing
import TestSupport
import WallClock

/// Approval e-mails end to end: the real `bootstrap`, moto's SES and Secrets Manager (SigV4 checked),
/// the fake Step Functions endpoint (SigV4 and JSON checked by botocore), the mail read by Python's
/// `email`, the link pages as API Gateway invokes the function.
@Suite(.serialized) struct ApprovalEndToEndTests {
    @Test func theApprovalMailCarriesOneLinkPerActionInBothParts() throws {
        let approval = try ApprovalFunction()
        let (_, message) = try approval.sendApproval()
        #expect(message.wellFormednessProblems.isEmpty, "\(message.wellFormednessProblems)")
        let text = try #require(message.text)
        let html = try #require(message.html)
        let textTokens = ApprovalFunction.tokens(in: text, baseURL: approval.baseURL)
        #expect(textTokens.count == 2)
        #expect(ApprovalFunction.tokens(in: html, baseURL: approval.baseURL) == textTokens)
        #expect(text.contains("Approve: \(approval.baseURL)/actions/"))
        #expect(html.contains(">Approve</a>") && html.contains(">Reject</a>"))
        #expect(html.contains(##"bgcolor="#1a7f37""##), "the approve button is a coloured table cell")
        // The buttons go inside the body, not after it.
        #expect(html.range(of: ">Reject</a>")!.lowerBound < html.range(of: "</body>")!.lowerBound)
        #expect(approval.stepFunctions.calls.isEmpty)
    }

    @Test func getShowsAConfirmationAndChangesNothingThenPostApprovesOnce() throws {
        let approval = try ApprovalFunction()
        let (taskToken, message) = try approval.sendApproval()
        let approve = try #require(ApprovalFunction.tokens(in: message.text ?? "", baseURL: approval.baseURL).first)

        let page = try approval.request("GET", token: approve)
        #expect(page.statusCode == 200)
        #expect(page.heading == "Approve?")
        #expect(page.body.contains(#"<form method="post" action="">"#))
        #expect(page.headers["cache-control"] == "no-store")
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["set-cookie"] == nil)
        #expect(!page.body.contains("<script"))
        #expect(approval.stepFunctions.calls.isEmpty, "a GET must not answer the task")
        #expect(approval.stepFunctions.task(taskToken) == .waiting(heartbeats: 0))

        let done = try approval.request("POST", token: approve, body: "")
        #expect(done.statusCode == 200)
        #expect(done.heading == "Done: Approve")
        #expect(approval.stepFunctions.task(taskToken) == .succeeded(output: #"{"approved":true,"by":"ada"}"#))

        let again = try approval.request("POST", token: approve, body: "")
        #expect(again.statusCode == 409)
        #expect(again.heading == "Already answered")
        #expect(approval.stepFunctions.calls.map(\.operation) == ["SendTaskSuccess", "SendTaskSuccess"])
        #expect(approval.stepFunctions.calls.allSatisfy { $0.problems.isEmpty }, "\(approval.stepFunctions.calls.map(\.problems))")

        let log = approval.function.log
        #expect(log.contains(#""outcome":"done""#) && log.contains(#""outcome":"alreadyAnswered""#))
        #expect(log.contains(#""errorCode":"TaskTimedOut""#))
        #expect(!log.contains(taskToken), "the task token must never be logged")
        #expect(!log.contains(approve), "the link token must never be logged")
    }

    @Test func rejectFailsTheTaskWithItsErrorAndCause() throws {
        let approval = try ApprovalFunction()
        let (taskToken, message) = try approval.sendApproval()
        let reject = try #require(ApprovalFunction.tokens(in: message.text ?? "", baseURL: approval.baseURL).last)
        #expect(try approval.request("POST", token: reject).statusCode == 200)
        #expect(approval.stepFunctions.task(taskToken) == .failed(error: "Rejected", cause: "Ada said no"))
    }

    @Test func aTaskThatTimedOutIsReportedAsNoLongerWaiting() throws {
        let approval = try ApprovalFunction()
        let (taskToken, message) = try approval.sendApproval()
        approval.stepFunctions.timeOut(taskToken)
        let approve = try #require(ApprovalFunction.tokens(in: message.text ?? "", baseURL: approval.baseURL).first)
        let page = try approval.request("POST", token: approve)
        #expect(page.statusCode == 409)
        #expect(page.body.contains("no longer waiting"))
    }

    @Test func expiredTruncatedAndTamperedLinksGetTheirPagesWithoutAStepFunctionsCall() throws {
        let approval = try ApprovalFunction()
        let (_, message) = try approval.sendApproval()
        let approve = try #require(ApprovalFunction.tokens(in: message.text ?? "", baseURL: approval.baseURL).first)
        let expired = try approval.seal(ActionLinkClaim(
            taskToken: approval.stepFunctions.issueTaskToken(), action: "approve", label: "Approve",
            answer: .success(output: "{}"), expiresAt: .now() - .seconds(1), messageID: "expired"))
        var tampered = Array(approve)
        let middle = tampered.count / 2
        tampered[middle] = tampered[middle] == "A" ? "B" : "A"

        for method in ["GET", "POST"] {
            let expiredPage = try approval.request(method, token: expired)
            #expect(expiredPage.statusCode == 410)
            #expect(expiredPage.heading == "This link has expired")
            for broken in [String(approve.dropLast(7)), String(tampered), "not-a-link", String(approve.prefix(40))] {
                let page = try approval.request(method, token: broken)
                #expect(page.statusCode == 404, "\(method) \(broken.prefix(20))…")
                #expect(page.heading == "This link does not work")
            }
        }
        #expect(approval.stepFunctions.calls.isEmpty)
    }

    @Test func aLinkSealedWithThePreviousKeyStillWorks() throws {
        let approval = try ApprovalFunction()
        let taskToken = approval.stepFunctions.issueTaskToken()
        let token = try approval.seal(ActionLinkClaim(
            taskToken: taskToken, action: "approve", label: "Approve", answer: .success(output: #"{"ok":1}"#),
            expiresAt: .now() + .seconds(3600), messageID: "rotated"), previousKey: true)
        #expect(try approval.request("GET", token: token).statusCode == 200)
        #expect(try approval.request("POST", token: token).statusCode == 200)
        #expect(approval.stepFunctions.task(taskToken) == .succeeded(output: #"{"ok":1}"#))
    }

    @Test func approvalFieldsAreValidatedWithFieldPaths() throws {
        let approval = try ApprovalFunction()
        let event: JSONValue = [
            "to": "ada@example.org", "subject": "s", "text": "t", "taskToken": "",
            "actions": [["name": "ok ay", "label": "", "type": "maybe", "cause": 3], ["name": "b", "label": "B", "type": "success", "error": "E"]],
            "linkExpiresIn": 30,
        ]
        let outcome = try approval.function.invoke(Data(event.serialized()))
        let error = try #require(outcome.error)
        let errorMessage = try JSONParser.parse(Array(error.body))["errorMessage"]?.stringValue ?? ""
        let fields = try JSONParser.parse(Array(errorMessage.utf8))["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
        #expect(Set(fields).isSuperset(of: [
            "taskToken", "actions[0].name", "actions[0].label", "actions[0].type", "actions[0].cause", "actions[1].error", "linkExpiresIn",
        ]), "\(fields)")
    }

    @Test func aTemplatePlacesTheLinksItself() throws {
        let approval = try ApprovalFunction()
        let (_, message) = try approval.sendApproval(extra: [
            "subject": .null, "text": .null, "html": .null,
            "template": "approval-request", "data": ["request": "Deploy v1.2 to production", "requester": "Grace"],
        ])
        let html = try #require(message.html)
        #expect(ApprovalFunction.tokens(in: html, baseURL: approval.baseURL).count == 2)
        #expect(!html.contains("The links work until"), "the template's own buttons, no default block")
        #expect(message.subject == "Approval needed: Deploy v1.2 to production")
    }
}
