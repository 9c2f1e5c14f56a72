import Glibc

/// Where and how a service client reaches its service: region, endpoint, credentials, the CA
/// bundle that verifies the endpoint, and the retry policy.
public struct AWSClientConfiguration: Sendable, Equatable {
    public var service: AWSService
    /// The region in the signing scope and in AWS's host names, e.g. `eu-west-1`.
    public var region: String
    /// Scheme, host and optional port without a trailing slash: the custom endpoint, or AWS's
    /// `https://{endpointPrefix}.{region}.amazonaws.com` (`.amazonaws.com.cn` in China).
    public var endpoint: String
    /// Whether ``endpoint`` is a custom one (moto, LocalStack, MinIO, a VPC endpoint's DNS name):
    /// S3 then addresses buckets path-style, `{endpoint}/{bucket}/{key}`.
    public var isCustomEndpoint: Bool
    public var credentials: AWSCredentials
    /// PEM bundle of trusted CAs; `nil` leaves libcurl's built-in default.
    public var caBundlePath: String?
    public var retryPolicy: RetryPolicy

    public init(
        service: AWSService,
        region: String,
        credentials: AWSCredentials,
        endpoint: String? = nil,
        caBundlePath: String? = nil,
        retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.service = service
        self.region = region
        self.credentials = credentials
        isCustomEndpoint = endpoint != nil
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        self.endpoint = Self.trimmingTrailingSlashes(endpoint ?? "https://\(service.endpointPrefix).\(region).\(domain)")
        self.caBundlePath = caBundlePath
        self.retryPolicy = retryPolicy
    }

    /// The CA bundles tried in order when neither `AWS_CA_BUNDLE` nor `SSL_CERT_FILE` is set:
    /// Amazon Linux (the Lambda `provided.al2` image), then Debian and Ubuntu.
    public static let standardCABundlePaths = [
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/certs/ca-certificates.crt",
    ]

    /// Reads the configuration of `service` the way the AWS CLI and SDKs do.
    ///
    /// - Region: `AWS_REGION` (set by Lambda), else `AWS_DEFAULT_REGION`.
    /// - Endpoint: `AWS_ENDPOINT_URL_<SERVICE>` (``AWSService/endpointVariableSuffix``), else
    ///   `AWS_ENDPOINT_URL`, else AWS's.
    /// - Credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional
    ///   `AWS_SESSION_TOKEN`, as Lambda sets them for the execution role.
    /// - CA bundle: `AWS_CA_BUNDLE` (as the AWS CLI reads it), else `SSL_CERT_FILE` (as OpenSSL
    ///   reads it), each used as given; else the first of ``standardCABundlePaths`` that
    ///   `isReadable` accepts; else `nil`.
    ///
    /// An empty variable counts as unset: `FOO=` in a Lambda configuration means "not configured".
    public init(
        service: AWSService,
        environment: [String: String],
        isReadable: (String) -> Bool = { access($0, R_OK) == 0 }
    ) throws(AWSConfigurationError) {
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        guard let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") else {
            throw .missingRegion
        }
        let serviceVariable = "AWS_ENDPOINT_URL_\(service.endpointVariableSuffix)"
        let endpointVariable = value(serviceVariable) != nil ? serviceVariable : "AWS_ENDPOINT_URL"
        let endpoint = value(endpointVariable)
        if let endpoint, !(endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) {
            throw .invalidEndpoint(variable: endpointVariable, value: endpoint)
        }
        guard let accessKeyID = value("AWS_ACCESS_KEY_ID") else { throw .missingCredentials(variable: "AWS_ACCESS_KEY_ID") }
        guard let secretAccessKey = value("AWS_SECRET_ACCESS_KEY") else {
            throw .missingCredentials(variable: "AWS_SECRET_ACCESS_KEY")
        }
        let credentials = AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: value("AWS_SESSION_TOKEN"))
        let caBundlePath = value("AWS_CA_BUNDLE") ?? value("SSL_CERT_FILE") ?? Self.standardCABundlePaths.first(where: isReadable)
        self.init(service: service, region: region, credentials: credentials, endpoint: endpoint, caBundlePath: caBundlePath)
    }

    private static func trimmingTrailingSlashes(_ url: String) -> String {
        var url = Substring(url)
        while url.hasSuffix("/") { url.removeLast() }
        return String(url)
    }
}
