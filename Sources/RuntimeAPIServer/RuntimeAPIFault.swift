import FoundationEssentials
import LoopbackHTTP

extension RuntimeAPIServer {
    /// A Runtime API path that can be told to fail.
    public enum Endpoint: Sendable, Hashable {
        /// `GET /runtime/invocation/next`
        case next
        /// `POST /runtime/invocation/{id}/response`
        case response
        /// `POST /runtime/invocation/{id}/error`
        case error
        /// `POST /runtime/init/error`
        case initError
    }

    /// How a request to a failing endpoint is answered instead of being served.
    public enum Fault: Sendable, Equatable {
        /// Answer with this status and JSON body.
        case status(Int, body: Data)
        /// Close the connection without answering.
        case dropConnection
        /// Reset the connection without answering.
        case resetConnection

        /// 413 with the body Lambda sends for a response over 6 MB.
        public static let payloadTooLarge = Fault.status(
            413,
            body: Data(#"{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}"#.utf8)
        )

        /// 500: Lambda's container is in a state the runtime cannot recover from.
        public static let containerError = Fault.status(
            500,
            body: Data(#"{"errorMessage":"Internal container error","errorType":"ServiceException"}"#.utf8)
        )

        var response: HTTPServerResponse {
            switch self {
            case .status(let status, let body):
                HTTPServerResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
            case .dropConnection:
                .close()
            case .resetConnection:
                .reset()
            }
        }
    }
}
