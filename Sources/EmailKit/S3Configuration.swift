import Glibc

/// Where and how to reach S3: region, endpoint and the CA bundle that verifies it.
public struct S3Configuration: Sendable, Equatable {
    /// The bucket's region, in the signing scope and in the AWS host name, e.g. `eu-west-1`.
    public var region: String
    /// Scheme, host and optional port of an S3-compatible server (moto, LocalStack, MinIO),
    /// without a trailing slash, addressed path-style: `{endpoint}/{bucket}/{key}`.
    /// `nil` means AWS itself, addressed virtual-hosted style:
    /// `https://{bucket}.s3.{region}.amazonaws.com/{key}`.
    public var endpoint: String?
    /// PEM bundle of trusted CAs; `nil` leaves libcurl's built-in default.
    public var caBundlePath: String?

    public init(region: String, endpoint: String? = nil, caBundlePath: String? = nil) {
        self.region = region
        self.endpoint = endpoint.map(Self.trimmingTrailingSlashes)
        self.caBundlePath = caBundlePath
    }

    /// Reads the configuration the way the AWS CLI and SDKs do.
    ///
    /// - Region: `AWS_REGION` (set by Lambda), else `AWS_DEFAULT_REGION`.
    /// - Endpoint: `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, else AWS.
    /// - CA bundle: `AWS_CA_BUNDLE`, else `SSL_CERT_FILE`, else the first of
    ///   ``SESConfiguration/standardCABundlePaths`` that `isReadable` accepts, else `nil`.
    ///
    /// Empty variables count as unset.
    public static func fromEnvironment(
        _ environment: [String: String],
        isReadable: (String) -> Bool = { access($0, R_OK) == 0 }
    ) throws(S3ConfigurationError) -> S3Configuration {
        guard let region = environment.nonEmpty("AWS_REGION") ?? environment.nonEmpty("AWS_DEFAULT_REGION") else {
            throw .missingRegion
        }
        let endpoint = environment.nonEmpty("AWS_ENDPOINT_URL_S3") ?? environment.nonEmpty("AWS_ENDPOINT_URL")
        if let endpoint, !(endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) {
            throw .invalidEndpoint(endpoint)
        }
        let caBundlePath = environment.nonEmpty("AWS_CA_BUNDLE") ?? environment.nonEmpty("SSL_CERT_FILE")
            ?? SESConfiguration.standardCABundlePaths.first(where: isReadable)
        return S3Configuration(region: region, endpoint: endpoint, caBundlePath: caBundlePath)
    }

    /// ``fromEnvironment(_:isReadable:)`` over this process's environment.
    public static func fromProcessEnvironment() throws(S3ConfigurationError) -> S3Configuration {
        try fromEnvironment(ProcessEnvironment.current)
    }

    private static func trimmingTrailingSlashes(_ url: String) -> String {
        var url = Substring(url)
        while url.hasSuffix("/") { url.removeLast() }
        return String(url)
    }
}

/// The environment does not say where S3 is.
public enum S3ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither `AWS_REGION` nor `AWS_DEFAULT_REGION` is set.
    case missingRegion
    /// An endpoint variable holds something other than an `http` or `https` URL.
    case invalidEndpoint(String)

    public var description: String {
        switch self {
        case .missingRegion:
            "S3 configuration: neither AWS_REGION nor AWS_DEFAULT_REGION is set"
        case .invalidEndpoint(let endpoint):
            "S3 configuration: endpoint \"\(endpoint)\" is not an http or https URL"
        }
    }
}
