// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "notifier",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bootstrap", targets: ["Bootstrap"]),
        .executable(name: "EchoLambda", targets: ["EchoLambda"]),
        .executable(name: "local-invoke", targets: ["LocalInvoke"]),
        .executable(name: "notifier-benchmarks", targets: ["NotifierBenchmarks"]),
    ],
    targets: [
        // libcurl and OpenSSL's libcrypto headers; the only target that touches C.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // A small blocking HTTP/1.1 client over libcurl, shared by the runtime loop and the SES client.
        .target(name: "CurlHTTP", dependencies: ["CCurl"]),
        // UTC wall-clock time and its calendar breakdown, without Foundation's `Date`.
        .target(name: "WallClock"),
        // The Lambda Runtime API client and invocation loop.
        .target(name: "LambdaRuntime", dependencies: ["CurlHTTP", "WallClock"]),
        // `LambdaHandler` over `Codable` types with Foundation's JSON coders; never in `bootstrap`.
        .target(name: "CodableLambda", dependencies: ["LambdaRuntime"]),
        // MIME, SigV4 and the SES v2 client. Knows nothing of Lambda.
        .target(name: "EmailKit", dependencies: ["CurlHTTP", "CCurl", "JSON", "WallClock"]),
        // A strict JSON parser into a dynamic value, for field-by-field checking with paths.
        .target(name: "JSON"),
        .target(name: "Mustache", dependencies: ["JSON"]),
        // The function: event normalisation, validation, sending.
        .target(name: "NotifierHandler", dependencies: ["LambdaRuntime", "EmailKit", "JSON", "Mustache", "WallClock"]),
        // The `bootstrap` executable Lambda starts: reads the configuration and runs the loop.
        .executableTarget(name: "Bootstrap", dependencies: ["NotifierHandler", "LambdaRuntime", "EmailKit"]),

        // Developer and test support, never deployed.
        .target(name: "LoopbackHTTP"),
        .target(name: "RuntimeAPIServer", dependencies: ["LoopbackHTTP"]),
        .executableTarget(name: "EchoLambda", dependencies: ["LambdaRuntime"]),
        // `sam local invoke` without Docker: the Runtime API on loopback and bootstrap as a child.
        .executableTarget(name: "LocalInvoke", dependencies: ["RuntimeAPIServer"]),
        // Oracles and servers the tests share: moto, Python's email parser, botocore.
        .target(name: "TestSupport", dependencies: ["EmailKit", "CurlHTTP"]),
        .executableTarget(name: "NotifierBenchmarks", dependencies: ["NotifierHandler", "EmailKit", "CurlHTTP", "LambdaRuntime", "WallClock", "RuntimeAPIServer", "LoopbackHTTP", "TestSupport"]),

        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: ["LambdaRuntime", "CodableLambda", "WallClock", "RuntimeAPIServer", "CurlHTTP", "LoopbackHTTP", "EchoLambda"]
        ),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP", "CCurl", "LoopbackHTTP"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "WallClockTests", dependencies: ["WallClock"]),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache", "JSON"]),
        .testTarget(
            name: "NotifierHandlerTests",
            dependencies: ["NotifierHandler", "Bootstrap", "JSON", "EmailKit", "LambdaRuntime", "WallClock", "RuntimeAPIServer", "TestSupport"]
        ),
        .testTarget(
            name: "EmailKitTests",
            dependencies: ["EmailKit", "CurlHTTP", "WallClock", "LoopbackHTTP", "TestSupport"]
        ),
    ]
)
