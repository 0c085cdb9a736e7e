// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Cognate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cognate", targets: ["cognate"]),
        .executable(name: "cognate-example", targets: ["CognateExample"]),
        .library(name: "CognateCore", targets: ["CognateCore"]),
        .library(name: "CognitoModel", targets: ["CognitoModel"]),
        .library(name: "CognateVerifier", targets: ["CognateVerifier"]),
        .library(name: "CognateVerifierHummingbird", targets: ["CognateVerifierHummingbird"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        // CognateStore calls the SQLite library this package builds (its VaporCSQLite module), which is not
        // part of its public API: minor releases only, checked before moving on.
        .package(url: "https://github.com/vapor/sqlite-nio.git", "1.13.2"..<"1.14.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
    ],
    targets: [
        // JSON values (a strict parser and a compact writer) and base64url: shared by the server and the
        // client library, which must not depend on the server.
        .target(
            name: "CognateJSON",
            swiftSettings: swiftSettings
        ),
        // Cognito's shapes, generated from botocore's model: plain data, no HTTP and no SQL.
        .target(
            name: "CognitoModel",
            dependencies: ["CognateJSON"],
            swiftSettings: swiftSettings
        ),
        // Argon2id (RFC 9106) and BLAKE2b, optimised even in debug builds: unoptimised, one hash takes
        // seconds instead of ~30 ms, which would make every debug server and test crawl.
        .target(name: "CCognatePrefetch"),
        .target(
            name: "CognateArgon2",
            dependencies: ["CCognatePrefetch"],
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Cognito's SRP-6a (3072-bit group) on a fixed-width Montgomery integer, optimised even in debug
        // builds for the same reason as Argon2: one modular exponentiation is ~3 ms optimised, ~1 s not.
        .target(
            name: "CognateSRP",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Domain: Cognito's rules, no HTTP and no SQL.
        .target(
            name: "CognateCore",
            dependencies: [
                "CognateJSON",
                "CognitoModel",
                "CognateArgon2",
                "CognateSRP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Persistence: the Store protocol and its SQL implementation for SQLite and PostgreSQL.
        .target(
            name: "CognateStore",
            dependencies: [
                "CognateCore",
                "CognateJSON",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Email: an SMTP client on SwiftNIO and RFC 5322 messages.
        .target(
            name: "CognateMail",
            dependencies: [
                "CognateCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Cognito JSON 1.1 protocol: generated shapes, validation, SigV4, dispatch.
        .target(
            name: "CognitoAPI",
            dependencies: [
                "CognateCore",
                "CognitoModel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // OAuth 2.0 / OpenID Connect endpoints and the hosted UI's pages, at Cognito's paths.
        .target(
            name: "CognateHostedUI",
            dependencies: [
                "CognateCore",
                "CognitoModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The client library: verifies Cognito/Cognate JWTs against the issuer's JWKS. Depends on nothing
        // of the server, so applications can use it against Amazon Cognito too.
        .target(
            name: "CognateVerifier",
            dependencies: [
                "CognateJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Hummingbird middleware that authenticates requests with CognateVerifier.
        .target(
            name: "CognateVerifierHummingbird",
            dependencies: ["CognateVerifier", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        // The assembled HTTP application.
        .target(
            name: "CognateServer",
            dependencies: [
                "CognateCore",
                "CognateHostedUI",
                "CognateStore",
                "CognitoAPI",
                "CognateMail",
                "CognateArgon2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cognate",
            dependencies: [
                "CognateServer",
                "CognateVerifier",
                "CognitoAPI",
                "CognitoModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                "CognateArgon2",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The tutorial's example application, rebuilt on CognateVerifier and the browser helper.
        .executableTarget(
            name: "CognateExample",
            dependencies: [
                "CognateVerifier",
                "CognateVerifierHummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CognateVerifierTests",
            dependencies: [
                "CognateVerifier", "CognateVerifierHummingbird", "CognateJSON",
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CognateArgon2Tests",
            dependencies: ["CognateArgon2"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CognateSRPTests",
            dependencies: ["CognateSRP"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CognateCoreTests",
            dependencies: ["CognateCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CognateStoreTests",
            dependencies: ["CognateStore", "CognateCore", "CognateArgon2", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CognateMailTests",
            dependencies: ["CognateMail"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CognitoAPITests",
            dependencies: ["CognitoAPI", "CognateCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CognateServerTests",
            dependencies: [
                "CognateServer",
                "CognateHostedUI",
                "CognateVerifier",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
