import TestSupport
import CurlHTTP
import Foundation
import Testing
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

/// `SESClient` against moto's SES v2, which authenticates every request by recomputing its
/// SigV4 signature with botocore (`Tests/Oracles/moto_fixture.py`).
@Suite struct SESClientMotoTests {
    static func rawMessage(from sender: String, subject: String = "Build 42 passed") -> [UInt8] {
        Array((
            "From: Notifier <\(sender)>\r\n" +
            "To: ops@example.org\r\n" +
            "Subject: \(subject)\r\n" +
            "Message-ID: <\(UUID().uuidString)@example.com>\r\n" +
            "MIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: 7bit\r\n" +
            "\r\n" +
            "All 312 tests passed.\r\n"
        ).utf8)
    }

    static func request(from sender: String) -> SendEmailRequest {
        SendEmailRequest(
            rawMessage: rawMessage(from: sender),
            fromEmailAddress: sender,
            toAddresses: ["ops@example.org"],
            bccAddresses: ["audit@example.org"],
            configurationSetName: "notifier",
            tags: [EmailTag(name: "source", value: "ci")]
        )
    }

    static var deadline: ContinuousClock.Instant { .now + .seconds(20) }

    @Test func acceptedMessageIsStoredByteForByteUnderTheReturnedMessageID() throws {
        let moto = try MotoServer.shared()
        let request = Self.request(from: moto.verifiedSender)
        let client = SESClient(configuration: moto.sesConfiguration(credentials: moto.userCredentials))

        let messageID = try client.sendEmail(request, deadline: Self.deadline)

        let stored = try #require(try moto.sentMessage(messageID: messageID))
        #expect(Array(stored.rawData.utf8) == request.rawMessage)
    }

    /// The whole path: a message model written by `MIMEWriter`, sent, and stored unchanged.
    @Test func messageWrittenByMIMEWriterIsStoredByteForByte() throws {
        let moto = try MotoServer.shared()
        let message = EmailMessage(
            from: try EmailAddress(address: moto.verifiedSender, displayName: "Notifier"),
            to: [try EmailAddress(address: "ops@example.org")],
            bcc: [try EmailAddress(address: "audit@example.org")],
            subject: "Déploiement réussi ✅",
            textBody: "Version 1.4.2 est en production.\n",
            tags: [EmailTag(name: "source", value: "deploy")]
        )
        let raw = try MIMEWriter().write(message)
        let request = SendEmailRequest(
            rawMessage: raw,
            fromEmailAddress: message.from.asciiAddress,
            toAddresses: message.to.map(\.asciiAddress),
            bccAddresses: message.bcc.map(\.asciiAddress),
            tags: message.tags
        )
        let client = SESClient(configuration: moto.sesConfiguration(credentials: moto.userCredentials))

        let messageID = try client.sendEmail(request, deadline: Self.deadline)

        let stored = try #require(try moto.sentMessage(messageID: messageID))
        #expect(Array(stored.rawData.utf8) == raw)
    }

    @Test func bccRecipientsTravelInTheEnvelopeOnly() throws {
        let moto = try MotoServer.shared()
        let request = Self.request(from: moto.verifiedSender)
        let client = SESClient(configuration: moto.sesConfiguration(credentials: moto.userCredentials))

        let messageID = try client.sendEmail(request, deadline: Self.deadline)

        let stored = try #require(try moto.sentMessage(messageID: messageID))
        #expect(stored.destinations.contains("audit@example.org"))
        #expect(!stored.rawData.contains("audit@example.org"))
    }

    @Test func sessionCredentialsOfAnAssumedRoleAreAccepted() throws {
        let moto = try MotoServer.shared()
        let client = SESClient(configuration: moto.sesConfiguration(credentials: moto.sessionCredentials))
        let messageID = try client.sendEmail(Self.request(from: moto.verifiedSender), deadline: Self.deadline)
        #expect(try moto.sentMessage(messageID: messageID) != nil)
    }

    @Test func wrongSecretIsRefusedAsSignatureDoesNotMatchWithoutRetrying() throws {
        let moto = try MotoServer.shared()
        var credentials = moto.userCredentials
        credentials.secretAccessKey = String(credentials.secretAccessKey.reversed())
        let client = SESClient(configuration: moto.sesConfiguration(credentials: credentials))

        let error = try #require(throws: AWSServiceError.self) {
            try client.sendEmail(Self.request(from: moto.verifiedSender), deadline: Self.deadline)
        }
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.serviceResponse?.status == 403)
        #expect(!error.isRetryable)
        #expect(error.attempts == 1)
    }

    @Test func unknownAccessKeyIsRefusedAsInvalidClientTokenID() throws {
        let moto = try MotoServer.shared()
        let credentials = AWSCredentials(accessKeyID: "AKIAUNKNOWNKEY000000", secretAccessKey: "whatever")
        let client = SESClient(configuration: moto.sesConfiguration(credentials: credentials))

        let error = try #require(throws: AWSServiceError.self) {
            try client.sendEmail(Self.request(from: moto.verifiedSender), deadline: Self.deadline)
        }
        #expect(error.code == "InvalidClientTokenId")
        #expect(error.serviceResponse?.status == 403)
        #expect(!error.isRetryable)
    }

    @Test func unverifiedSenderIsRejectedAsMessageRejectedWithoutRetrying() throws {
        let moto = try MotoServer.shared()
        let client = SESClient(configuration: moto.sesConfiguration(credentials: moto.userCredentials))

        let error = try #require(throws: AWSServiceError.self) {
            try client.sendEmail(Self.request(from: "stranger@unverified.example"), deadline: Self.deadline)
        }
        #expect(error.code == "MessageRejected")
        #expect(error.serviceResponse?.message.contains("stranger@unverified.example") == true)
        #expect(!error.isRetryable)
        #expect(error.attempts == 1)
    }

    /// Proof that the tests above exercise signature checking: moto refuses a request that is
    /// unsigned, or whose body changed after signing.
    @Test func motoRefusesUnsignedAndTamperedRequests() throws {
        let moto = try MotoServer.shared()
        let http = HTTPClient(configuration: HTTPClient.Configuration(useProxy: false))
        let body = try Self.request(from: moto.verifiedSender).jsonBody()
        let url = moto.endpoint + "/v2/email/outbound-emails"

        let unsigned = HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"], body: body, timeout: .seconds(10))
        #expect(try http.execute(unsigned).isSuccess == false)

        var tampered = unsigned
        let signer = SigV4Signer(credentials: moto.userCredentials, region: moto.region, service: "ses")
        try signer.sign(&tampered, at: .now())
        tampered.body = try Self.request(from: moto.verifiedSender).jsonBody()
        let response = try http.execute(tampered)
        #expect(response.status == 403)
        #expect(AWSErrorResponse(response).code == "SignatureDoesNotMatch")

        var intact = unsigned
        try signer.sign(&intact, at: .now())
        #expect(try http.execute(intact).isSuccess)
    }
}
