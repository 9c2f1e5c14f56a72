/// A request that cannot be signed.
public enum SigV4Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not an absolute `http` or `https` URL with a host.
    case invalidURL(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "SigV4: cannot sign a request to \"\(url)\": not an absolute http(s) URL"
        }
    }
}
