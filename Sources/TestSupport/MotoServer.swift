import AWSCore
import CurlHTTP
import DynamoDB
import Foundation
import S3
import SecretsManager
import SESv2

/// The moto server of `Tests/Oracles/moto_fixture.py`: SES v2 and S3 with SigV4 checking on, one
/// per test process, started by the first test that asks for it.
///
/// The fixture exits when its standard input closes, which happens when this process exits, so no
/// server outlives the tests.
public struct MotoServer: Sendable, Decodable {
    public struct SessionCredentials: Sendable, Decodable {
        public var accessKeyID: String
        public var secretAccessKey: String
        public var sessionToken: String
    }

    public var endpoint: String
    public var region: String
    public var accessKeyID: String
    public var secretAccessKey: String
    public var session: SessionCredentials
    /// An address SES may send from.
    public var verifiedSender: String
    /// The bucket holding ``templateObjects``, readable with both credentials.
    public var templateBucket: String
    /// The objects the fixture put in ``templateBucket`` before turning authentication on.
    public var templateObjects: [TemplateObject]
    /// An existing bucket the credentials' policy does not allow reading.
    public var unreadableBucket: String
    /// The DynamoDB table laid out as the idempotency store's: partition key `id` (String).
    public var idempotencyTable: String
    /// The message status table (key `messageId`, index `idempotencyKey`), empty at start.
    public var statusTable: String
    /// S3 attachments and the extended client's queue (issue 17).
    public var attachments: Attachments

    /// What `set_up_attachments` in `moto_fixture.py` stored.
    public struct Attachments: Sendable, Decodable {
        /// The bucket holding ``objects``.
        public var bucket: String
        /// A bucket the notifier's IAM policy may read, but the tests do not allow-list.
        public var otherBucket: String
        public var objects: [StoredObject]
        /// An SQS queue the producer may send to.
        public var queueURL: String
        /// A user who may send to ``queueURL`` and put objects in ``bucket``.
        public var producerAccessKeyID: String
        public var producerSecretAccessKey: String

        public struct StoredObject: Sendable, Decodable {
            public var key: String
            public var size: Int
            public var contentType: String
            /// Lower-case hex SHA-256 of the content.
            public var sha256: String
        }

        /// The seeded object named `key`.
        public func object(_ key: String) -> StoredObject? {
            objects.first { $0.key == key }
        }
    }

    /// The approval links' secret: its name and the text of its two versions.
    public var actionSecret: ActionSecret

    public struct ActionSecret: Sendable, Decodable {
        public var id: String
        /// The text of the AWSCURRENT version.
        public var current: String
        /// The text of the AWSPREVIOUS version.
        public var previous: String
    }

    /// One object as the fixture stored it.
    public struct TemplateObject: Sendable, Decodable {
        public var key: String
        /// The content, stored as its UTF-8 bytes.
        public var body: String
        public var contentType: String
        /// The ETag S3 gave the object when it was put, quotes included.
        public var etag: String
    }

    /// The shared server, or why it could not be started.
    public static func shared() throws -> MotoServer {
        try launched.get()
    }

    /// How to reach moto's SES v2 as `credentials`.
    public func sesConfiguration(credentials: AWSCredentials) -> AWSClientConfiguration {
        AWSClientConfiguration(service: .sesV2, region: region, credentials: credentials, endpoint: endpoint)
    }

    /// How to reach moto's S3 as `credentials`.
    public func s3Configuration(credentials: AWSCredentials) -> AWSClientConfiguration {
        AWSClientConfiguration(service: .s3, region: region, credentials: credentials, endpoint: endpoint)
    }

    /// How to reach moto's DynamoDB as `credentials`.
    public func dynamoDBConfiguration(credentials: AWSCredentials) -> AWSClientConfiguration {
        AWSClientConfiguration(service: .dynamoDB, region: region, credentials: credentials, endpoint: endpoint)
    }

    /// How to reach moto's Secrets Manager as `credentials`.
    public func secretsManagerConfiguration(credentials: AWSCredentials) -> AWSClientConfiguration {
        AWSClientConfiguration(service: .secretsManager, region: region, credentials: credentials, endpoint: endpoint)
    }

    /// The seeded template object named `key`.
    public func templateObject(_ key: String) -> TemplateObject? {
        templateObjects.first { $0.key == key }
    }

    /// The IAM user's long-term access key.
    public var userCredentials: AWSCredentials {
        AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey)
    }

    /// Temporary credentials of an assumed role.
    public var sessionCredentials: AWSCredentials {
        AWSCredentials(accessKeyID: session.accessKeyID, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken)
    }

    /// The message moto stored for `messageID`, as `GET /moto-api/data.json` reports it.
    public func sentMessage(messageID: String) throws -> SentMessage? {
        try sentMessages().first { $0.id == messageID }
    }

    /// Every message moto's SES has stored, as `GET /moto-api/data.json` reports them.
    public func sentMessages() throws -> [SentMessage] {
        // Everything moto has stored in this test run, sent mail included.
        let request = HTTPRequest(method: .get, url: endpoint + "/moto-api/data.json", timeout: .seconds(10), maximumResponseBodySize: 1 << 30)
        let response = try HTTPClient(configuration: HTTPClient.Configuration(useProxy: false)).execute(request)
        return try JSONDecoder().decode(MotoState.self, from: Data(response.body)).ses.rawMessages
    }

    /// One message as moto's SES backend keeps it.
    public struct SentMessage: Decodable, Sendable {
        public var id: String
        /// The raw message exactly as received (moto decodes it as UTF-8).
        public var rawData: String
        /// The envelope recipients: the request's Destination, then those of the To/Cc/Bcc fields.
        public var destinations: [String]
        enum CodingKeys: String, CodingKey { case id, rawData = "raw_data", destinations }
    }

    // MARK: Launch

    private static let launched = Result { try launch(script: "moto_fixture.py") { fixtureInput = $0 } }

    /// A second server, set up as the shared one, that handles one request at a time
    /// (`Tests/Oracles/moto_serial_server.py`): DynamoDB's conditional writes are then atomic, as
    /// they are in DynamoDB, which moto's threaded server does not guarantee. For tests that race
    /// two writers on one item.
    public static func serial() throws -> MotoServer {
        try launchedSerial.get()
    }

    private static let launchedSerial = Result { try launch(script: "moto_serial_server.py") { serialFixtureInput = $0 } }

    /// The running fixtures' standard inputs; held, never written, so that they close only when
    /// this process exits. Each is set once, by the initialiser of its server's `Result`.
    nonisolated(unsafe) private static var fixtureInput: Pipe?
    nonisolated(unsafe) private static var serialFixtureInput: Pipe?

    private static func launch(script: String, keepInput: (Pipe) -> Void) throws -> MotoServer {
        let process = try PythonOracle.process(running: script)
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("moto-fixture-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        keepInput(input)

        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                process.waitUntilExit()
                let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                throw FixtureFailure(status: process.terminationStatus, stderr: String(stderr.suffix(2000)))
            }
            line.append(chunk)
        }
        try? FileManager.default.removeItem(at: errors)
        return try JSONDecoder().decode(MotoServer.self, from: line)
    }

    public struct FixtureFailure: Error, CustomStringConvertible {
        public var status: Int32
        public var stderr: String
        public var description: String { "the moto fixture exited (status \(status)) before printing its configuration:\n\(stderr)" }
    }
}

/// The part of moto's `data.json` that holds sent raw mail.
private struct MotoState: Decodable {
    struct SES: Decodable {
        var rawMessages: [MotoServer.SentMessage]
        enum CodingKeys: String, CodingKey { case rawMessages = "RawMessage" }
    }

    var ses: SES
}
