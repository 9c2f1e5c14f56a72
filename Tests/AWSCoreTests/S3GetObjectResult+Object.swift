@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

extension S3GetObjectResult {
    /// The object read, `nil` for `notModified`.
    var object: S3Object? {
        if case .object(let object) = self { object } else { nil }
    }
}
