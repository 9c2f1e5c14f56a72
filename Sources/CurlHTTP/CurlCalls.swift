import CCurl

/// The libcurl calls whose failure a test cannot provoke through a real server: taking a transfer
/// on, driving and waiting for transfers, and building the header list. ``HTTPClient`` makes them
/// through this value so that a test can substitute one that fails; every other caller uses
/// ``libcurl``.
struct CurlCalls: Sendable {
    var multiAddHandle: @Sendable (_ multi: UnsafeMutableRawPointer, _ easy: UnsafeMutableRawPointer) -> CURLMcode
    var multiPerform: @Sendable (_ multi: UnsafeMutableRawPointer, _ running: inout Int32) -> CURLMcode
    var multiPoll: @Sendable (_ multi: UnsafeMutableRawPointer, _ timeoutMilliseconds: Int32) -> CURLMcode
    var slistAppend: @Sendable (_ list: UnsafeMutablePointer<curl_slist>?, _ line: String) -> UnsafeMutablePointer<curl_slist>?

    /// The real libcurl functions.
    static let libcurl = CurlCalls(
        multiAddHandle: { curl_multi_add_handle($0, $1) },
        multiPerform: { curl_multi_perform($0, &$1) },
        multiPoll: { curl_multi_poll($0, nil, 0, $1, nil) },
        slistAppend: { curl_slist_append($0, $1) }
    )
}
