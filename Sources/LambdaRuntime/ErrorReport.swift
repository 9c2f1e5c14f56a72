/// An error as the Runtime API receives it on `/error` and `/init/error`.
struct ErrorReport: Sendable, Equatable {
    var errorType: String
    var errorMessage: String

    init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
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
