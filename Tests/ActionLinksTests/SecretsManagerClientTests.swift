import AWSCore
import SecretsManager
import Testing
import TestSupport

/// `GetSecretValue` against moto with SigV4 checking on.
@Suite struct SecretsManagerClientTests {
    var deadline: ContinuousClock.Instant { .now + .seconds(30) }

    @Test func readsTheCurrentAndThePreviousVersion() throws {
        let moto = try MotoServer.shared()
        let client = SecretsManagerClient(configuration: moto.secretsManagerConfiguration(credentials: moto.userCredentials))
        let current = try client.secretString(moto.actionSecret.id, stage: "AWSCURRENT", deadline: deadline)
        let previous = try client.secretString(moto.actionSecret.id, stage: "AWSPREVIOUS", deadline: deadline)
        #expect(current.text == moto.actionSecret.current)
        #expect(previous.text == moto.actionSecret.previous)
        #expect(current.versionID != previous.versionID)
    }

    @Test func sessionCredentialsAreSignedToo() throws {
        let moto = try MotoServer.shared()
        let client = SecretsManagerClient(configuration: moto.secretsManagerConfiguration(credentials: moto.sessionCredentials))
        #expect(try client.secretString(moto.actionSecret.id, stage: "AWSCURRENT", deadline: deadline).text == moto.actionSecret.current)
    }

    @Test func aMissingSecretIsResourceNotFound() throws {
        let moto = try MotoServer.shared()
        let client = SecretsManagerClient(configuration: moto.secretsManagerConfiguration(credentials: moto.userCredentials))
        let error = #expect(throws: AWSServiceError.self) { try client.secretString("no-such-secret", stage: "AWSCURRENT", deadline: deadline) }
        #expect(error?.code == "ResourceNotFoundException")
        #expect(error?.isRetryable == false)
    }

    @Test func aWrongSecretKeyIsRefusedByMoto() throws {
        let moto = try MotoServer.shared()
        let wrong = AWSCredentials(accessKeyID: moto.accessKeyID, secretAccessKey: "wrong")
        let client = SecretsManagerClient(configuration: moto.secretsManagerConfiguration(credentials: wrong))
        let error = #expect(throws: AWSServiceError.self) { try client.secretString(moto.actionSecret.id, stage: "AWSCURRENT", deadline: deadline) }
        #expect(error?.httpStatus == 403)
    }
}
