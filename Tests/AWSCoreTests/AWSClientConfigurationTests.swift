import Testing
@testable import AWSCore
@testable import S3
@testable import SESv2

/// How SES v2 and S3 read their configuration from the environment, as the AWS CLI and SDKs do.
@Suite struct AWSClientConfigurationTests {
    static let noFiles: @Sendable (String) -> Bool = { _ in false }
    static let credentials = ["AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]
    static let services: [AWSService] = [.sesV2, .s3]

    /// `variables` with the credentials every configuration needs.
    static func environment(_ variables: [String: String]) -> [String: String] {
        credentials.merging(variables) { _, given in given }
    }

    static func configuration(
        _ service: AWSService, _ variables: [String: String], isReadable: (String) -> Bool = noFiles
    ) throws(AWSConfigurationError) -> AWSClientConfiguration {
        try AWSClientConfiguration(service: service, environment: environment(variables), isReadable: isReadable)
    }

    // MARK: Region

    @Test(arguments: services)
    func regionComesFromAWSRegionBeforeAWSDefaultRegion(service: AWSService) throws {
        let both = try Self.configuration(service, ["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-east-1"])
        let fallback = try Self.configuration(service, ["AWS_DEFAULT_REGION": "us-east-1"])
        #expect(both.region == "eu-west-1")
        #expect(fallback.region == "us-east-1")
    }

    @Test(arguments: services, [["AWS_REGION": ""], ["AWS_DEFAULT_REGION": ""]])
    func missingRegionIsAnError(service: AWSService, variables: [String: String]) {
        #expect(throws: AWSConfigurationError.missingRegion) { try Self.configuration(service, variables) }
    }

    // MARK: Endpoint

    @Test func sesEndpointDefaultsToTheRegionalSESEndpoint() throws {
        let configuration = try Self.configuration(.sesV2, ["AWS_REGION": "ap-southeast-2"])
        #expect(configuration.endpoint == "https://email.ap-southeast-2.amazonaws.com")
        #expect(!configuration.isCustomEndpoint)
    }

    @Test func withoutAnEndpointVariableTheS3EndpointIsAWS() throws {
        let configuration = try Self.configuration(.s3, ["AWS_REGION": "eu-west-1"])
        #expect(configuration.endpoint == "https://s3.eu-west-1.amazonaws.com")
        #expect(!configuration.isCustomEndpoint)
    }

    @Test func serviceSpecificSESEndpointWinsOverTheGeneralOne() throws {
        let environment = [
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": "http://localhost:4566",
            "AWS_ENDPOINT_URL_SESV2": "http://127.0.0.1:5000/",
            "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:6000",
        ]
        let specific = try Self.configuration(.sesV2, environment)
        #expect(specific.endpoint == "http://127.0.0.1:5000")
        #expect(specific.isCustomEndpoint)
        let general = environment.filter { $0.key != "AWS_ENDPOINT_URL_SESV2" }
        #expect(try Self.configuration(.sesV2, general).endpoint == "http://localhost:4566")
    }

    @Test func s3EndpointWinsOverTheGeneralOneAndLosesItsTrailingSlash() throws {
        let environment = [
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": "http://localhost:4566",
            "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:5000/",
            "AWS_ENDPOINT_URL_SESV2": "http://127.0.0.1:6000",
        ]
        let specific = try Self.configuration(.s3, environment)
        #expect(specific.endpoint == "http://127.0.0.1:5000")
        #expect(specific.isCustomEndpoint)
        let general = environment.filter { $0.key != "AWS_ENDPOINT_URL_S3" }
        let fromGeneral = try Self.configuration(.s3, general)
        #expect(fromGeneral.endpoint == "http://localhost:4566")
        #expect(fromGeneral.isCustomEndpoint)
    }

    @Test(arguments: [
        (AWSService.sesV2, "AWS_ENDPOINT_URL"), (.sesV2, "AWS_ENDPOINT_URL_SESV2"),
        (.s3, "AWS_ENDPOINT_URL"), (.s3, "AWS_ENDPOINT_URL_S3"),
    ])
    func endpointThatIsNotAnHTTPURLIsAnErrorNamingItsVariable(service: AWSService, variable: String) {
        let error = AWSConfigurationError.invalidEndpoint(variable: variable, value: "localhost:4566")
        #expect(throws: error) { try Self.configuration(service, ["AWS_REGION": "us-east-1", variable: "localhost:4566"]) }
        #expect(error.description == "AWS configuration: \(variable) is not an http(s) URL: 'localhost:4566'")
    }

    // MARK: CA bundle

    @Test(arguments: services)
    func caBundleFromSSLCertFileIsUsedAsGiven(service: AWSService) throws {
        let environment = ["AWS_REGION": "us-east-1", "SSL_CERT_FILE": "/opt/certs/bundle.pem"]
        #expect(try Self.configuration(service, environment, isReadable: { _ in true }).caBundlePath == "/opt/certs/bundle.pem")
    }

    @Test(arguments: services)
    func caBundleFromAWSCABundleWinsOverSSLCertFile(service: AWSService) throws {
        let environment = ["AWS_REGION": "us-east-1", "AWS_CA_BUNDLE": "/opt/aws/ca.pem", "SSL_CERT_FILE": "/opt/certs/bundle.pem"]
        #expect(try Self.configuration(service, environment).caBundlePath == "/opt/aws/ca.pem")
    }

    @Test(arguments: services)
    func caBundlePrefersAmazonLinuxThenDebian(service: AWSService) throws {
        let environment = ["AWS_REGION": "us-east-1"]
        let amazonLinux = try Self.configuration(service, environment, isReadable: { _ in true })
        let debian = try Self.configuration(service, environment, isReadable: { $0 == "/etc/ssl/certs/ca-certificates.crt" })
        let neither = try Self.configuration(service, environment)
        #expect(amazonLinux.caBundlePath == "/etc/pki/tls/certs/ca-bundle.crt")
        #expect(debian.caBundlePath == "/etc/ssl/certs/ca-certificates.crt")
        #expect(neither.caBundlePath == nil)
    }

    @Test func caBundleCheckReadsTheRealFileSystem() throws {
        let configuration = try AWSClientConfiguration(service: .sesV2, environment: Self.environment(["AWS_REGION": "us-east-1"]))
        // This machine is Debian-based; on Amazon Linux the first path would be found instead.
        #expect(configuration.caBundlePath.map(AWSClientConfiguration.standardCABundlePaths.contains) == true)
    }

    // MARK: Credentials

    @Test(arguments: services, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
    func missingKeyOrSecretIsNamedInTheError(service: AWSService, variable: String) {
        for value in [nil, ""] {
            var environment = Self.environment(["AWS_REGION": "us-east-1"])
            environment[variable] = value
            #expect(throws: AWSConfigurationError.missingCredentials(variable: variable)) {
                try AWSClientConfiguration(service: service, environment: environment, isReadable: Self.noFiles)
            }
        }
    }
}
