import Testing
@testable import AWSCore
@testable import SESv2

@Suite struct AWSCredentialsTests {
    static let environment = [
        "AWS_REGION": "eu-west-1",
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_SESSION_TOKEN": "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
    ]

    /// The credentials a client configuration reads from `environment`.
    static func credentials(from environment: [String: String]) throws -> AWSCredentials {
        try AWSClientConfiguration(service: .sesV2, environment: environment, isReadable: { _ in false }).credentials
    }

    @Test func readsKeySecretAndSessionTokenFromTheEnvironment() throws {
        let credentials = try Self.credentials(from: Self.environment)
        #expect(credentials == AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN"
        ))
    }

    @Test func emptySessionTokenMeansLongTermCredentials() throws {
        var environment = Self.environment
        environment["AWS_SESSION_TOKEN"] = ""
        #expect(try Self.credentials(from: environment).sessionToken == nil)
    }

    @Test func printingNeverShowsTheSecretOrTheToken() throws {
        let credentials = try Self.credentials(from: Self.environment)
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [String(describing: credentials), String(reflecting: credentials), "\(credentials)", dumped] {
            #expect(text.contains("AKIAIOSFODNN7EXAMPLE"))
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains("IQoJb3JpZ2lu"))
        }
    }
}
