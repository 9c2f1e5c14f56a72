import EmailKit
import SESv2

/// Tests build most requests from bytes they wrote themselves.
extension SendEmailRequest {
    init(rawMessage: [UInt8], fromEmailAddress: String? = nil, toAddresses: [String] = [], ccAddresses: [String] = [],
         bccAddresses: [String] = [], configurationSetName: String? = nil, tags: [EmailTag] = []) {
        self.init(content: .raw(rawMessage), fromEmailAddress: fromEmailAddress, toAddresses: toAddresses, ccAddresses: ccAddresses,
                  bccAddresses: bccAddresses, configurationSetName: configurationSetName, tags: tags)
    }

    /// The bytes of a request made from bytes.
    var rawMessage: [UInt8] {
        get {
            guard case .raw(let bytes) = content else { preconditionFailure("the request holds a message, not bytes") }
            return bytes
        }
        set { content = .raw(newValue) }
    }
}
