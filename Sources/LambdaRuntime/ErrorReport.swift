/// An error as the Runtime API receives it on `/error` and `/init/error`.
///
/// Both fields are cut to a bounded size, so that no error, however large the handler made it,
/// can make the Runtime API refuse the report and the runtime give up on the invocation.
struct ErrorReport: Sendable, Equatable {
    /// The most UTF-8 bytes kept of `errorMessage`; a longer one ends in a note of its full size.
    static let maximumMessageBytes = 64 * 1024
    /// The most UTF-8 bytes kept of `errorType`.
    static let maximumTypeBytes = 256

    var errorType: String
    var errorMessage: String

    init(errorType: String, errorMessage: String) {
        self.errorType = Self.cut(errorType, toBytes: Self.maximumTypeBytes)
        self.errorMessage = Self.cut(errorMessage, toBytes: Self.maximumMessageBytes)
    }

    /// `text`, or its first `limit` bytes (whole characters) and a note of how long it was.
    private static func cut(_ text: String, toBytes limit: Int) -> String {
        let utf8 = text.utf8
        guard utf8.count > limit else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        while end.samePosition(in: text.unicodeScalars) == nil { end = utf8.index(before: end) }
        return String(text[..<end]) + "… (cut from \(utf8.count) bytes)"
    }

    init(_ error: any Error) {
        if let error = error as? any LambdaFunctionError {
            self.init(errorType: error.errorType, errorMessage: error.errorMessage)
        } else {
            self.init(errorType: String(describing: type(of: error)), errorMessage: String(describing: error))
        }
    }

    /// `{"errorMessage":…,"errorType":…,"stackTrace":[]}`: Swift has no stack trace to give.
    var json: [UInt8] {
        var object = JSONObjectWriter()
        object.add("errorMessage", errorMessage)
        object.add("errorType", errorType)
        object.add("stackTrace", rawJSON: "[]")
        return object.finish()
    }

    /// `errorType` fit for the `Lambda-Runtime-Function-Error-Type` header: control characters,
    /// which would break the header, become spaces.
    var headerValue: String {
        String(String.UnicodeScalarView(errorType.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F ? " " : $0
        }))
    }
}
