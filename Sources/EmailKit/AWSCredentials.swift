/// The AWS access key that signs requests, with the session token of temporary credentials.
///
/// Printing, dumping or interpolating credentials shows the access key ID only; the secret and
/// the session token are always redacted.
public struct AWSCredentials: Sendable, Equatable {
    /// The access key ID, e.g. `AKIAIOSFODNN7EXAMPLE`; not secret, it appears in every `Authorization` header.
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Present for temporary credentials (an assumed role, the Lambda execution role); sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`,
    /// as Lambda sets them for the execution role.
    ///
    /// An empty variable counts as absent.
    public static func fromEnvironment(_ environment: [String: String]) throws(AWSCredentialsError) -> AWSCredentials {
        guard let accessKeyID = environment.nonEmpty("AWS_ACCESS_KEY_ID") else {
            throw .missingVariable("AWS_ACCESS_KEY_ID")
        }
        guard let secretAccessKey = environment.nonEmpty("AWS_SECRET_ACCESS_KEY") else {
            throw .missingVariable("AWS_SECRET_ACCESS_KEY")
        }
        return AWSCredentials(
            accessKeyID: accessKeyID,
            secretAccessKey: secretAccessKey,
            sessionToken: environment.nonEmpty("AWS_SESSION_TOKEN")
        )
    }

    /// ``fromEnvironment(_:)`` over this process's environment.
    public static func fromProcessEnvironment() throws(AWSCredentialsError) -> AWSCredentials {
        try fromEnvironment(ProcessEnvironment.current)
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: \(sessionToken == nil ? "none" : "<redacted>"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyID": accessKeyID,
            "secretAccessKey": "<redacted>",
            "sessionToken": sessionToken == nil ? "none" : "<redacted>",
        ])
    }
}

/// Credentials could not be read from the environment.
public enum AWSCredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The named variable is unset or empty.
    case missingVariable(String)

    public var description: String {
        switch self {
        case .missingVariable(let name): "AWS credentials: environment variable \(name) is not set"
        }
    }
}
