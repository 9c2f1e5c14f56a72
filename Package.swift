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
        // Byte-to-text encodings every layer shares: base64 (MIME lines and unbroken runs), hex, percent-encoding.
        .target(name: "ByteEncoding"),
        // UTC wall-clock time and its calendar breakdown, without Foundation's `Date`; durations in milliseconds.
        .target(name: "WallClock"),
        // A strict JSON parser into a dynamic value, for field-by-field checking with paths; the one JSON string escaper.
        .target(name: "JSON", dependencies: ["ByteEncoding"]),
        // A small blocking HTTP/1.1 client over libcurl, shared by the runtime loop and the AWS core.
        .target(name: "CurlHTTP", dependencies: ["CCurl", "WallClock"]),
        // The Lambda Runtime API client and invocation loop. Knows nothing of e-mail.
        .target(name: "LambdaRuntime", dependencies: ["CurlHTTP", "WallClock", "JSON", "ByteEncoding"]),
        // What every AWS service call shares: credentials, region and endpoints, SigV4, the one retry
        // loop and scheduler, the one service error, and the wire protocols.
        .target(name: "AWSCore", dependencies: ["CurlHTTP", "CCurl", "JSON", "WallClock", "ByteEncoding"]),
        // Service clients on the core, one target each: a list of operations.
        .target(name: "SESv2", dependencies: ["AWSCore", "EmailKit", "JSON", "ByteEncoding"]),
        .target(name: "S3", dependencies: ["AWSCore", "CurlHTTP", "ByteEncoding"]),
        .target(name: "DynamoDB", dependencies: ["AWSCore", "JSON"]),
        // The e-mail only: message model, addresses, MIME and its encoders. No network, no Lambda.
        .target(name: "EmailKit", dependencies: ["ByteEncoding", "WallClock"]),
        .target(name: "Mustache", dependencies: ["JSON"]),
        // The function: event normalisation, validation, templates, sending; glues the event sources
        // to the e-mail model and to the AWS service clients.
        .target(name: "NotifierHandler", dependencies: ["LambdaRuntime", "EmailKit", "AWSCore", "SESv2", "S3", "DynamoDB", "JSON", "Mustache", "WallClock", "ByteEncoding", "CurlHTTP"]),
        // The `bootstrap` executable Lambda starts: reads the configuration and runs the loop.
        .executableTarget(name: "Bootstrap", dependencies: ["NotifierHandler", "LambdaRuntime"]),

        // Developer and test support, never deployed.
        .target(name: "LoopbackHTTP"),
        .target(name: "RuntimeAPIServer", dependencies: ["LoopbackHTTP"]),
        .executableTarget(name: "EchoLambda", dependencies: ["LambdaRuntime"]),
        // `sam local invoke` without Docker: the Runtime API on loopback and bootstrap as a child.
        .executableTarget(name: "LocalInvoke", dependencies: ["RuntimeAPIServer"]),
        // Oracles and servers the tests share: moto, Python's email parser, botocore.
        .target(name: "TestSupport", dependencies: ["EmailKit", "AWSCore", "SESv2", "S3", "DynamoDB", "CurlHTTP", "LoopbackHTTP"]),
        .executableTarget(name: "NotifierBenchmarks", dependencies: ["NotifierHandler", "EmailKit", "AWSCore", "SESv2", "CurlHTTP", "LambdaRuntime", "WallClock", "RuntimeAPIServer", "LoopbackHTTP", "TestSupport"]),

        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: ["LambdaRuntime", "WallClock", "RuntimeAPIServer", "CurlHTTP", "LoopbackHTTP", "EchoLambda"]
        ),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP", "CCurl", "LoopbackHTTP"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "WallClockTests", dependencies: ["WallClock"]),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache", "JSON"]),
        .testTarget(
            name: "NotifierHandlerTests",
            dependencies: ["NotifierHandler", "Bootstrap", "JSON", "EmailKit", "AWSCore", "SESv2", "S3", "DynamoDB", "LambdaRuntime", "WallClock", "ByteEncoding", "RuntimeAPIServer", "LoopbackHTTP", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ByteEncodingTests", dependencies: ["ByteEncoding", "TestSupport"]),
        .testTarget(
            name: "EmailKitTests",
            dependencies: ["EmailKit", "ByteEncoding", "WallClock", "TestSupport"]
        ),
        .testTarget(
            name: "AWSCoreTests",
            dependencies: ["AWSCore", "SESv2", "S3", "DynamoDB", "EmailKit", "JSON", "CurlHTTP", "WallClock", "LoopbackHTTP", "TestSupport"]
        ),
    ]
)
