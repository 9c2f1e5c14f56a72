/// The names one AWS service goes by: in errors, in SigV4's scope, in its host names and in the
/// `AWS_ENDPOINT_URL_<SERVICE>` variable. Each service client declares one.
public struct AWSService: Sendable, Equatable {
    /// The name people read in errors and logs: `SES`, `S3`, `DynamoDB`.
    public var name: String
    /// The name SigV4 signs with: `ses` (SES v2 signs as `ses`), `s3`, `dynamodb`.
    public var signingName: String
    /// The first label of the service's AWS host names: `email` for `email.eu-west-1.amazonaws.com`.
    public var endpointPrefix: String
    /// The service's part of `AWS_ENDPOINT_URL_<SERVICE>`, as the AWS SDKs spell it: its service
    /// id upper-cased with spaces as `_` (`SESV2`, `S3`, `DYNAMODB`, `SECRETS_MANAGER`, `SFN`).
    public var endpointVariableSuffix: String

    public init(name: String, signingName: String, endpointPrefix: String, endpointVariableSuffix: String) {
        self.name = name
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.endpointVariableSuffix = endpointVariableSuffix
    }

    /// Whether SigV4 signs the path as sent and adds `x-amz-content-sha256`, as S3 alone requires.
    var isS3: Bool { signingName == "s3" }
}
