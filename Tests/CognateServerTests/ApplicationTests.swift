import CognateCore
import CognateServer
import CognateStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The assembled application, in process, on a real SQLite file.
@Suite struct ApplicationTests {
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cognate-app-\(UUID().uuidString).sqlite").path
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, database: .sqlite(path: path),
            deployment: Deployment(region: "us-east-1", accountId: "123456789012", publicURL: "http://127.0.0.1"),
            credentialsFile: path + ".credentials", accessKey: ("AKIDTEST", "secret"), logLevel: .error
        )
        let store = try await ServerRunner.openStore(configuration.database, logger: Logger(label: "test"))
        let app = CognateApplication.build(
            configuration: configuration, store: store, accessKeys: ["AKIDTEST": "secret"],
            sealer: KeySealer(masterKey: SymmetricKey(size: .bits256)), logger: Logger(label: "test")
        )
        do {
            try await app.test(.router, body)
            await store.shutdown()
        } catch {
            await store.shutdown()
            throw error
        }
    }

    static let requestId = HTTPField.Name("x-amzn-requestid")!
    static let target = HTTPField.Name("X-Amz-Target")!

    @Test func reportsHealthWithARequestId() async throws {
        try await withApp { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"ok""#))
                #expect(response.headers[Self.requestId]?.count == 36)
            }
        }
    }

    @Test func answersUnknownPathsWithJSON() async throws {
        try await withApp { client in
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("__type"))
                #expect(response.headers[Self.requestId] != nil)
            }
        }
    }

    @Test func servesTheJSONProtocolAtTheRoot() async throws {
        try await withApp { client in
            try await client.execute(
                uri: "/", method: .post,
                headers: [Self.target: "AWSCognitoIdentityProviderService.ListUserPools", .contentType: "application/x-amz-json-1.1"],
                body: ByteBuffer(string: #"{"MaxResults":10}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[HTTPField.Name("x-amzn-errortype")!] == "MissingAuthenticationTokenException")
                #expect(response.headers[Self.requestId] != nil)
            }
        }
    }

    @Test func refusesOversizedBodiesWithJSON() async throws {
        try await withApp { client in
            try await client.execute(
                uri: "/", method: .post,
                headers: [Self.target: "AWSCognitoIdentityProviderService.SignUp"],
                body: ByteBuffer(repeating: UInt8(ascii: "a"), count: (1 << 20) + 1)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("RequestEntityTooLargeException"))
            }
        }
    }
}
