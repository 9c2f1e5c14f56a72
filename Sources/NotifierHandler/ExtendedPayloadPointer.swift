import JSON

/// A message body the Amazon SQS/SNS Extended Client Library left in S3, as it writes it into
/// the queue or topic:
///
/// ```json
/// ["software.amazon.payloadoffloading.PayloadS3Pointer", {"s3BucketName": "…", "s3Key": "…"}]
/// ```
///
/// Python's client (`amazon-sqs-extended-client`) writes it with `json.dumps` (spaces after `,`
/// and `:`), Java's with Jackson (no spaces); it is read as JSON, so either works. The legacy Java
/// class name `com.amazon.sqs.javamessaging.MessageS3Pointer` is accepted too. The clients also
/// set the message attribute `ExtendedPayloadSize` (older: `SQSLargePayloadSize`) to the body's
/// size; the size read is capped all the same (``AttachmentFetcher/maximumPayloadBytes``).
struct ExtendedPayloadPointer: Sendable, Equatable {
    static let className = "software.amazon.payloadoffloading.PayloadS3Pointer"
    static let legacyClassName = "com.amazon.sqs.javamessaging.MessageS3Pointer"

    var className: String
    var bucket: String
    var key: String

    /// The pointer `value` is, or `nil` when it is not one (a notification, or anything else).
    init?(_ value: JSONValue) {
        guard let elements = value.arrayValue, elements.count == 2,
              let className = elements[0].stringValue, className == Self.className || className == Self.legacyClassName,
              let location = elements[1].objectValue,
              let bucket = location["s3BucketName"]?.stringValue, !bucket.isEmpty,
              let key = location["s3Key"]?.stringValue, !key.isEmpty
        else { return nil }
        self.className = className
        self.bucket = bucket
        self.key = key
    }
}
