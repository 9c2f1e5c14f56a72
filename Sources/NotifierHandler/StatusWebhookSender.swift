import AWSCore
import CurlHTTP
import JSON
import WallClock

/// Posts status changes to status webhooks, signed (``WebhookSignature``), each attempt to the
/// address the policy checked, with a timeout per attempt and a bounded number of attempts, all
/// within the caller's deadline.
///
/// A 2xx answer is success. A 408, 429 or 5xx answer, a timeout or a failed connection is tried
/// again after a short pause; any other answer, or a refused address, is not. Owns an
/// ``HTTPClient`` (not thread-safe), like the AWS clients.
final class StatusWebhookSender {
    let settings: StatusWebhookSettings
    private let client: HTTPClient

    init(settings: StatusWebhookSettings) {
        self.settings = settings
        // No proxy: the call must go to the address that was checked.
        client = HTTPClient(configuration: HTTPClient.Configuration(useProxy: false, connectTimeout: settings.attemptTimeout))
    }

    /// Posts `payload` as `webhook-id` `id` to `url`; the number of attempts made, or why it failed.
    func post(_ payload: JSONValue, id: String, to url: StatusWebhookURL, deadline: ContinuousClock.Instant) -> Result<Int, StatusWebhookFailure> {
        let address: String
        do {
            address = try settings.policy.address(for: url)
        } catch {
            return .failure(StatusWebhookFailure(host: url.host, attempts: 0, problem: error.description))
        }
        let body = payload.serialized()
        var problem = "no time left before the deadline"
        var attempts = 0
        while attempts < settings.maximumAttempts {
            let remaining = deadline - .now
            guard remaining > .milliseconds(10) else { break }
            attempts += 1
            let timestamp = WallClockTime.now().secondsSince1970
            let request = HTTPRequest(
                method: .post, url: url.text,
                headers: [
                    "Content-Type": "application/json",
                    "User-Agent": "notifier-status-webhook",
                    "webhook-id": id,
                    "webhook-timestamp": String(timestamp),
                    "webhook-signature": settings.signature.signature(id: id, timestamp: timestamp, body: body),
                ],
                body: body, timeout: min(settings.attemptTimeout, remaining), maximumResponseBodySize: 64 * 1024,
                pinnedAddress: HTTPRequest.PinnedAddress(host: url.host, port: url.port, address: address))
            do {
                let response = try client.execute(request)
                if response.isSuccess { return .success(attempts) }
                problem = "answered HTTP \(response.status)"
                guard [408, 429].contains(response.status) || response.status >= 500 else { break }
            } catch {
                problem = "\(error.kind)"
            }
            if attempts < settings.maximumAttempts {
                let pause = Duration.milliseconds(100 << (attempts - 1))
                let left = deadline - .now
                guard left > pause else { break }
                sleep(for: pause)
            }
        }
        return .failure(StatusWebhookFailure(host: url.host, attempts: attempts, problem: problem))
    }
}

/// A status webhook that was not delivered.
struct StatusWebhookFailure: Error, Sendable, Equatable, CustomStringConvertible {
    var host: String
    var attempts: Int
    var problem: String
    var description: String { "status webhook to \(host) failed after \(attempts) attempt(s): \(problem)" }
}
