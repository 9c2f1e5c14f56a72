import Testing
@testable import EmailKit

@Suite struct SESConfigurationTests {
    static let noFiles: @Sendable (String) -> Bool = { _ in false }

    @Test func regionComesFromAWSRegionBeforeAWSDefaultRegion() throws {
        let both = try SESConfiguration.fromEnvironment(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-east-1"], isReadable: Self.noFiles)
        let fallback = try SESConfiguration.fromEnvironment(["AWS_DEFAULT_REGION": "us-east-1"], isReadable: Self.noFiles)
        #expect(both.region == "eu-west-1")
        #expect(fallback.region == "us-east-1")
    }

    @Test func missingRegionIsAnError() {
        #expect(throws: SESConfigurationError.missingRegion) {
            try SESConfiguration.fromEnvironment(["AWS_REGION": ""], isReadable: Self.noFiles)
        }
    }

    @Test func endpointDefaultsToTheRegionalSESEndpoint() throws {
        let configuration = try SESConfiguration.fromEnvironment(["AWS_REGION": "ap-southeast-2"], isReadable: Self.noFiles)
        #expect(configuration.endpoint == "https://email.ap-southeast-2.amazonaws.com")
    }

    @Test func serviceSpecificEndpointWinsOverTheGeneralOne() throws {
        let environment = [
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": "http://localhost:4566",
            "AWS_ENDPOINT_URL_SESV2": "http://127.0.0.1:5000/",
        ]
        #expect(try SESConfiguration.fromEnvironment(environment, isReadable: Self.noFiles).endpoint == "http://127.0.0.1:5000")
        let general = environment.filter { $0.key != "AWS_ENDPOINT_URL_SESV2" }
        #expect(try SESConfiguration.fromEnvironment(general, isReadable: Self.noFiles).endpoint == "http://localhost:4566")
    }

    @Test func endpointThatIsNotAnHTTPURLIsAnError() {
        #expect(throws: SESConfigurationError.invalidEndpoint("localhost:4566")) {
            try SESConfiguration.fromEnvironment(["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "localhost:4566"], isReadable: Self.noFiles)
        }
    }

    @Test func caBundleFromSSLCertFileIsUsedAsGiven() throws {
        let environment = ["AWS_REGION": "us-east-1", "SSL_CERT_FILE": "/opt/certs/bundle.pem"]
        #expect(try SESConfiguration.fromEnvironment(environment, isReadable: { _ in true }).caBundlePath == "/opt/certs/bundle.pem")
    }

    @Test func caBundleFromAWSCABundleWinsOverSSLCertFile() throws {
        let environment = ["AWS_REGION": "us-east-1", "AWS_CA_BUNDLE": "/opt/aws/ca.pem", "SSL_CERT_FILE": "/opt/certs/bundle.pem"]
        #expect(try SESConfiguration.fromEnvironment(environment, isReadable: Self.noFiles).caBundlePath == "/opt/aws/ca.pem")
    }

    @Test func caBundlePrefersAmazonLinuxThenDebian() throws {
        let environment = ["AWS_REGION": "us-east-1"]
        let amazonLinux = try SESConfiguration.fromEnvironment(environment, isReadable: { _ in true })
        let debian = try SESConfiguration.fromEnvironment(environment, isReadable: { $0 == "/etc/ssl/certs/ca-certificates.crt" })
        let neither = try SESConfiguration.fromEnvironment(environment, isReadable: Self.noFiles)
        #expect(amazonLinux.caBundlePath == "/etc/pki/tls/certs/ca-bundle.crt")
        #expect(debian.caBundlePath == "/etc/ssl/certs/ca-certificates.crt")
        #expect(neither.caBundlePath == nil)
    }

    @Test func caBundleCheckReadsTheRealFileSystem() throws {
        let configuration = try SESConfiguration.fromEnvironment(["AWS_REGION": "us-east-1"])
        // This machine is Debian-based; on Amazon Linux the first path would be found instead.
        #expect(configuration.caBundlePath.map(SESConfiguration.standardCABundlePaths.contains) == true)
    }
}
