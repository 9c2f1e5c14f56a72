import TestSupport
import Foundation
import LoopbackHTTP
import Testing
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

/// `SESClient.sendEmails`: a batch goes out concurrently and every message gets its own result.
@Suite struct SESClientBatchTests {
    @Test func batchAgainstMotoGivesEachMessageItsOwnResultInOrder() throws {
        let moto = try MotoServer.shared()
        let client = SESClient(configuration: moto.sesConfiguration(credentials: moto.userCredentials))
        var requests = (0..<5).map { _ in SESClientMotoTests.request(from: moto.verifiedSender) }
        requests.insert(SESClientMotoTests.request(from: "intruder@unverified.example"), at: 2)

        let results = client.sendEmails(requests, maxConcurrent: 4, deadline: .now + .seconds(20))

        #expect(results.count == 6)
        if case .failure(let error) = results[2] {
            #expect(error.code == "MessageRejected")
        } else {
            Issue.record("the unverified sender's message was accepted")
        }
        let sent = results.enumerated().filter { $0.offset != 2 }.compactMap { try? $0.element.get() }
        #expect(sent.count == 5)
        #expect(Set(sent.map(\.messageID)).count == 5)
        for message in sent {
            #expect(try moto.sentMessage(messageID: message.messageID) != nil)
        }
    }

    /// The server holds every request until four are in flight at once: a client sending one after
    /// another would see its first request time out instead.
    @Test func batchRequestsAreInFlightTogether() throws {
        let barrier = RequestBarrier(count: 4)
        let server = try FaultInjectingSESEndpoint { _ in
            barrier.arriveAndWait(timeout: .seconds(5))
                ? .accept
                : .error(status: 400, code: "BadRequestException", message: "requests arrived one at a time")
        }
        let client = SESClient(
            configuration: AWSClientConfiguration(
                service: .sesV2, region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
                endpoint: server.endpoint))
        let requests = (0..<4).map { _ in SESClientMotoTests.request(from: "notifier@example.com") }

        let results = client.sendEmails(requests, maxConcurrent: 4, deadline: .now + .seconds(20))

        #expect(results.allSatisfy { (try? $0.get()) != nil })
    }

    @Test func overLimitMessagesFailAloneWithoutARequest() throws {
        let moto = try MotoServer.shared()
        let client = SESClient(configuration: moto.sesConfiguration(credentials: moto.userCredentials))
        var crowded = SESClientMotoTests.request(from: moto.verifiedSender)
        crowded.toAddresses = (0..<51).map { "r\($0)@example.org" }
        let results = client.sendEmails([crowded, SESClientMotoTests.request(from: moto.verifiedSender)], maxConcurrent: 2, deadline: .now + .seconds(20))
        if case .failure(let error) = results[0] {
            #expect(error.reason == .refusedBeforeSending(code: "TooManyRecipients", problem: "message has 52 recipients, SES allows 50"))
            #expect(error.attempts == 0)
        } else {
            Issue.record("a message with 52 recipients was sent")
        }
        #expect((try? results[1].get()) != nil)
    }
}

/// Lets callers through only once `count` of them are waiting.
private final class RequestBarrier: Sendable {
    private let count: Int
    private let arrived = WaitableMutex(0)

    init(count: Int) {
        self.count = count
    }

    func arriveAndWait(timeout: Duration) -> Bool {
        arrived.withLock { $0 += 1 }
        return arrived.wait(timeout: timeout) { [count] arrived in arrived >= count ? true : nil } ?? false
    }
}
