import ActionLinks
import Foundation
import JSON
import StepFunctions
import Testing
import TestSupport
import WallClock

/// The token format against a second implementation: `Tests/Oracles/action_link.py`, AES-GCM from
/// Python's `cryptography` package.
@Suite struct ActionLinkOracleTests {
    static let secret = "OracleSecretOracleSecretOracleSecret1234"
    static let claim = ActionLinkClaim(
        taskToken: "AQCtask+token/with=base64", action: "reject", label: "Reject ✋", answer: .failure(error: "Rejected", cause: "Not now"),
        expiresAt: WallClockTime(millisecondsSince1970: 1_900_000_000_000), messageID: "0123456789abcdef01234567")

    @Test func pythonOpensWhatSwiftSeals() throws {
        let key = try #require(ActionLinkKey(secret: Self.secret))
        let token = try #require(SealedActionLink.seal(Self.claim, with: key))
        let opened = try JSONParser.parse(Array(PythonOracle.run("action_link.py", arguments: ["open", Self.secret, token])))
        #expect(opened == [
            "t": "AQCtask+token/with=base64", "a": "reject", "l": "Reject ✋", "x": 1_900_000_000,
            "m": "0123456789abcdef01234567", "k": "failure", "e": "Rejected", "c": "Not now",
        ])
    }

    @Test func swiftOpensWhatPythonSeals() throws {
        let claim: JSONValue = ["t": "AQCtoken", "a": "approve", "l": "Approve", "k": "success", "o": #"{"a":1}"#, "x": 1_900_000_000, "m": "id"]
        let token = String(decoding: try PythonOracle.run("action_link.py", arguments: ["seal", Self.secret], input: claim.serialized()), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let key = try #require(ActionLinkKey(secret: Self.secret))
        let opened = try #require(SealedActionLink(text: token)?.open(with: key))
        #expect(opened == ActionLinkClaim(
            taskToken: "AQCtoken", action: "approve", label: "Approve", answer: .success(output: #"{"a":1}"#),
            expiresAt: WallClockTime(millisecondsSince1970: 1_900_000_000_000), messageID: "id"))
    }
}
