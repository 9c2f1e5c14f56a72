import Foundation
import Testing
import TestSupport
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

/// Certificates are always verified: an endpoint whose certificate no trusted CA signed gets no
/// message, and nothing a caller passes can turn verification off.
@Suite struct TLSVerificationTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
    static let request = SendEmailRequest(rawMessage: Array("Subject: x\r\n\r\nx\r\n".utf8), toAddresses: ["a@example.org"])

    @Test func anUntrustedCertificateIsRefusedBeforeAnythingIsSent() throws {
        let server = try TLSEndpoint()
        let client = SESClient(
            configuration: AWSClientConfiguration(
                service: .sesV2, region: "us-east-1", credentials: Self.credentials, endpoint: server.endpoint,
                caBundlePath: AWSClientConfiguration.standardCABundlePaths.last))
        let error = try #require(throws: AWSServiceError.self) {
            try client.sendEmail(Self.request, deadline: .now + .seconds(10))
        }
        guard case .transport(let transport) = error.reason else {
            Issue.record("expected a TLS failure, got \(error)"); return
        }
        #expect(transport.kind == .tls)
        #expect(!error.isRetryable)
        #expect(error.attempts == 1)
        #expect(try server.servedCount() == 0)
    }

    @Test func trustingTheCertificateExplicitlyIsTheOnlyWayIn() throws {
        let server = try TLSEndpoint()
        let client = SESClient(
            configuration: AWSClientConfiguration(
                service: .sesV2, region: "us-east-1", credentials: Self.credentials, endpoint: server.endpoint,
                caBundlePath: server.certificatePath))
        #expect(try client.sendEmail(Self.request, deadline: .now + .seconds(10)) == "tls-1")
        #expect(try server.servedCount() == 1)
    }

    /// A regression guard over the sources: no code path can disable peer or host verification.
    @Test func noSourceTurnsCertificateVerificationOff() throws {
        let sources = PythonOracle.packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { ["swift", "h"].contains($0.pathExtension) } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for option in ["SSL_VERIFYPEER", "SSL_VERIFYHOST", "SSL_VERIFYSTATUS", "PROXY_SSL_VERIFY", "CURLSSLOPT_NO_REVOKE", "INSECURE"] {
                #expect(!text.contains(option), "\(file.lastPathComponent) mentions \(option)")
            }
        }
    }
}
