import Glibc

/// Where and how to reach SES: region, endpoint and the CA bundle that verifies it.
public struct SESConfiguration: Sendable, Equatable {
    /// The region in the signing scope, e.g. `eu-west-1`.
    public var region: String
    /// Scheme, host and optional port without a trailing slash, e.g. `https://email.eu-west-1.amazonaws.com`.
    public var endpoint: String
    /// PEM bundle of trusted CAs; `nil` leaves libcurl's built-in default.
    public var caBundlePath: String?

    public init(region: String, endpoint: String? = nil, caBundlePath: String? = nil) {
        self.region = region
        self.endpoint = Self.trimmingTrailingSlashes(endpoint ?? "https://email.\(region).amazonaws.com")
        self.caBundlePath = caBundlePath
    }

    /// The CA bundles tried in order when neither `AWS_CA_BUNDLE` nor `SSL_CERT_FILE` is set:
    /// Amazon Linux (the Lambda `provided.al2` image), then Debian and Ubuntu.
    public static let standardCABundlePaths = [
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/certs/ca-certificates.crt",
    ]

    /// Reads the configuration the way the AWS CLI and SDKs do.
    ///
    /// - Region: `AWS_REGION` (set by Lambda), else `AWS_DEFAULT_REGION`.
    /// - Endpoint: `AWS_ENDPOINT_URL_SESV2`, else `AWS_ENDPOINT_URL`, else `https://email.{region}.amazonaws.com`.
    /// - CA bundle: `AWS_CA_BUNDLE` (as the AWS CLI reads it), else `SSL_CERT_FILE` (as OpenSSL
    ///   reads it), each used as given; else the first of ``standardCABundlePaths`` that
    ///   `isReadable` accepts; else `nil`.
    ///
    /// Empty variables count as unset.
    public static func fromEnvironment(
        _ environment: [String: String],
        isReadable: (String) -> Bool = { access($0, R_OK) == 0 }
    ) throws(SESConfigurationError) -> SESConfiguration {
        guard let region = environment.nonEmpty("AWS_REGION") ?? environment.nonEmpty("AWS_DEFAULT_REGION") else {
            throw .missingRegion
        }
        let endpoint = environment.nonEmpty("AWS_ENDPOINT_URL_SESV2") ?? environment.nonEmpty("AWS_ENDPOINT_URL")
        if let endpoint, !(endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) {
            throw .invalidEndpoint(endpoint)
        }
        let caBundlePath = environment.nonEmpty("AWS_CA_BUNDLE") ?? environment.nonEmpty("SSL_CERT_FILE")
            ?? standardCABundlePaths.first(where: isReadable)
        return SESConfiguration(region: region, endpoint: endpoint, caBundlePath: caBundlePath)
    }

    /// ``fromEnvironment(_:isReadable:)`` over this process's environment.
    public static func fromProcessEnvironment() throws(SESConfigurationError) -> SESConfiguration {
        try fromEnvironment(ProcessEnvironment.current)
    }

    private static func trimmingTrailingSlashes(_ url: String) -> String {
        var url = Substring(url)
        while url.hasSuffix("/") { url.removeLast() }
        return String(url)
    }
}

/// The environment does not say where SES is.
public enum SESConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither `AWS_REGION` nor `AWS_DEFAULT_REGION` is set.
    case missingRegion
    /// An endpoint variable holds something other than an `http` or `https` URL.
    case invalidEndpoint(String)

    public var description: String {
        switch self {
        case .missingRegion:
            "SES configuration: neither AWS_REGION nor AWS_DEFAULT_REGION is set"
        case .invalidEndpoint(let endpoint):
            "SES configuration: endpoint \"\(endpoint)\" is not an http or https URL"
        }
    }
}
