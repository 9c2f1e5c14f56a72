/// Where the functions under benchmark send mail, and the credentials they sign with.
struct SESEndpoint: Sendable {
    /// `AWS_ENDPOINT_URL_SESV2`.
    var url: String
    var accessKeyID: String
    var secretAccessKey: String

    /// The loopback fake SES (``BenchmarkSES``), which accepts any signature.
    static func stub(_ stub: BenchmarkSES) -> SESEndpoint {
        SESEndpoint(url: stub.endpoint, accessKeyID: "AKIDBENCHMARK", secretAccessKey: "benchmark-secret")
    }

    /// The variables both functions read to reach SES.
    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL_SESV2": url,
            "AWS_ACCESS_KEY_ID": accessKeyID,
            "AWS_SECRET_ACCESS_KEY": secretAccessKey,
        ]
    }
}
