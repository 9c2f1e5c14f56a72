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
