import CurlHTTP

/// A Runtime API call that did not succeed.
enum RuntimeAPIError: Error, CustomStringConvertible {
    /// No HTTP answer: the connection was refused, dropped or timed out.
    case transport(path: String, HTTPClientError)
    /// The Runtime API answered with a status other than 2xx; `body` is the start of its answer,
    /// normally `{"errorMessage":…,"errorType":…}`.
    case refused(path: String, status: Int, body: String)
    /// `/next` answered without `Lambda-Runtime-Aws-Request-Id`, so the invocation cannot be answered.
    case missingRequestID
    /// `/next` answered with a `Lambda-Runtime-Deadline-Ms` that is no time from 1970 to 4001
    /// (its first 40 characters).
    case malformedDeadline(String)

    /// The HTTP status, when there was an answer.
    var status: Int? {
        if case .refused(_, let status, _) = self { status } else { nil }
    }

    var description: String {
        switch self {
        case .transport(let path, let error): "\(path): \(error)"
        case .refused(let path, let status, let body): "\(path): HTTP \(status) \(body)"
        case .missingRequestID: "/invocation/next: the answer has no Lambda-Runtime-Aws-Request-Id header"
        case .malformedDeadline(let value): "/invocation/next: the answer's Lambda-Runtime-Deadline-Ms is not milliseconds from 1970 to 4001: \(value)"
        }
    }
}
