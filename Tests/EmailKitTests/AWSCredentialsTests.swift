import Testing
@testable import EmailKit

@Suite struct AWSCredentialsTests {
    static let environment = [
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_SESSION_TOKEN": "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
    ]

    @Test func readsKeySecretAndSessionTokenFromTheEnvironment() throws {
        let credentials = try AWSCredentials.fromEnvironment(Self.environment)
        #expect(credentials == AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN"
        ))
    }

    @Test func emptySessionTokenMeansLongTermCredentials() throws {
        var environment = Self.environment
        environment["AWS_SESSION_TOKEN"] = ""
        #expect(try AWSCredentials.fromEnvironment(environment).sessionToken == nil)
    }

    @Test(arguments: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
    func missingKeyOrSecretIsNamedInTheError(variable: String) {
        var environment = Self.environment
        environment[variable] = nil
        #expect(throws: AWSCredentialsError.missingVariable(variable)) { try AWSCredentials.fromEnvironment(environment) }
    }

    @Test func printingNeverShowsTheSecretOrTheToken() throws {
        let credentials = try AWSCredentials.fromEnvironment(Self.environment)
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [String(describing: credentials), String(reflecting: credentials), "\(credentials)", dumped] {
            #expect(text.contains("AKIAIOSFODNN7EXAMPLE"))
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains("IQoJb3JpZ2lu"))
        }
    }
}
