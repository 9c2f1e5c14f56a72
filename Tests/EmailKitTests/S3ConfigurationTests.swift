import Testing
@testable import EmailKit

@Suite struct S3ConfigurationTests {
    static let noFiles: @Sendable (String) -> Bool = { _ in false }

    @Test func regionComesFromAWSRegionBeforeAWSDefaultRegion() throws {
        let both = try S3Configuration.fromEnvironment(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-east-1"], isReadable: Self.noFiles)
        let fallback = try S3Configuration.fromEnvironment(["AWS_DEFAULT_REGION": "us-east-1"], isReadable: Self.noFiles)
        #expect(both.region == "eu-west-1")
        #expect(fallback.region == "us-east-1")
    }

    @Test func missingRegionIsAnError() {
        #expect(throws: S3ConfigurationError.missingRegion) {
            try S3Configuration.fromEnvironment(["AWS_DEFAULT_REGION": ""], isReadable: Self.noFiles)
        }
    }

    @Test func withoutAnEndpointVariableTheEndpointIsAWS() throws {
        #expect(try S3Configuration.fromEnvironment(["AWS_REGION": "eu-west-1"], isReadable: Self.noFiles).endpoint == nil)
    }

    @Test func s3EndpointWinsOverTheGeneralOneAndLosesItsTrailingSlash() throws {
        let environment = [
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": "http://localhost:4566",
            "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:5000/",
            "AWS_ENDPOINT_URL_SESV2": "http://127.0.0.1:6000",
        ]
        #expect(try S3Configuration.fromEnvironment(environment, isReadable: Self.noFiles).endpoint == "http://127.0.0.1:5000")
        let general = environment.filter { $0.key != "AWS_ENDPOINT_URL_S3" }
        #expect(try S3Configuration.fromEnvironment(general, isReadable: Self.noFiles).endpoint == "http://localhost:4566")
    }

    @Test func endpointThatIsNotAnHTTPURLIsAnError() {
        #expect(throws: S3ConfigurationError.invalidEndpoint("localhost:4566")) {
            try S3Configuration.fromEnvironment(["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_S3": "localhost:4566"], isReadable: Self.noFiles)
        }
    }

    @Test func caBundleIsFoundAsForSES() throws {
        let environment = ["AWS_REGION": "us-east-1", "AWS_CA_BUNDLE": "/opt/aws/ca.pem", "SSL_CERT_FILE": "/opt/certs/bundle.pem"]
        #expect(try S3Configuration.fromEnvironment(environment, isReadable: Self.noFiles).caBundlePath == "/opt/aws/ca.pem")
        let debian = try S3Configuration.fromEnvironment(["AWS_REGION": "us-east-1"], isReadable: { $0 == "/etc/ssl/certs/ca-certificates.crt" })
        #expect(debian.caBundlePath == "/etc/ssl/certs/ca-certificates.crt")
    }
}
