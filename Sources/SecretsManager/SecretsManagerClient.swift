import AWSCore
import JSON

extension AWSService {
    /// AWS Secrets Manager: AWS JSON 1.1, `X-Amz-Target: secretsmanager.<Operation>`.
    public static let secretsManager = AWSService(name: "SecretsManager", signingName: "secretsmanager", endpointPrefix: "secretsmanager", endpointVariableSuffix: "SECRETS_MANAGER")
}

/// Secrets Manager's `GetSecretValue` over the AWS core.
///
/// Blocks the calling thread and owns an ``AWSClient``, which is not thread-safe: one per thread.
public final class SecretsManagerClient {
    private let client: AWSClient

    /// A client as `configuration` says (its service should be ``AWSService/secretsManager``).
    public init(configuration: AWSClientConfiguration) {
        client = AWSClient(configuration: configuration)
    }

    public var configuration: AWSClientConfiguration { client.configuration }

    /// The text of secret `secretID` (name or ARN) in version stage `stage` (`AWSCURRENT`,
    /// `AWSPREVIOUS`). A secret with no version in that stage is `ResourceNotFoundException`; a
    /// binary secret is an ``AWSServiceError/Reason/unexpectedResponse(status:problem:)``.
    public func secretString(_ secretID: String, stage: String, deadline: ContinuousClock.Instant) throws(AWSServiceError) -> SecretVersion {
        let input: JSONValue = ["SecretId": .string(secretID), "VersionStage": .string(stage)]
        var request = AWSRequest.awsJSON11(
            operation: "GetSecretValue", targetPrefix: "secretsmanager", endpoint: client.configuration.endpoint,
            body: input.serialized(), isIdempotent: true)
        request.resource = "\(secretID) (\(stage))"
        let response = try client.send(request, deadline: deadline)
        guard let json = try? JSONParser.parse(response.http.body), let text = json["SecretString"]?.stringValue,
              let versionID = json["VersionId"]?.stringValue
        else {
            throw AWSServiceError(
                service: AWSService.secretsManager.name, operation: "GetSecretValue", resource: request.resource,
                reason: .unexpectedResponse(status: response.http.status, problem: "the answer has no SecretString and VersionId"),
                attempts: response.attempts)
        }
        return SecretVersion(versionID: versionID, text: text)
    }
}

/// One version of a secret. Its text is secret: it has no description, so it never prints.
public struct SecretVersion: Sendable, Equatable {
    public var versionID: String
    public var text: String
}
