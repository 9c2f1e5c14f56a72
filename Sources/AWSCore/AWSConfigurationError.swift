/// The environment does not say how to reach an AWS service.
public enum AWSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither `AWS_REGION` nor `AWS_DEFAULT_REGION` is set.
    case missingRegion
    /// An endpoint variable holds something other than an `http` or `https` URL.
    case invalidEndpoint(variable: String, value: String)
    /// `AWS_ACCESS_KEY_ID` or `AWS_SECRET_ACCESS_KEY` is unset or empty.
    case missingCredentials(variable: String)

    /// The environment variable to fix.
    public var variable: String {
        switch self {
        case .missingRegion: "AWS_REGION"
        case .invalidEndpoint(let variable, _): variable
        case .missingCredentials(let variable): variable
        }
    }

    /// What is wrong with ``variable``, as a sentence that follows its name.
    public var problem: String {
        switch self {
        case .missingRegion: "is not set (nor AWS_DEFAULT_REGION)"
        case .invalidEndpoint(_, let value): "is not an http(s) URL: '\(value)'"
        case .missingCredentials: "is not set; requests cannot be signed"
        }
    }

    public var description: String { "AWS configuration: \(variable) \(problem)" }
}
