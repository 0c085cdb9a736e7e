import CognateCore
import CognateServer
import CognateVerifier
import CognitoModel
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOPosix
import Testing

/// CognateVerifier against a live Cognate: discovery and JWKS over real HTTP, a real pool's tokens, and
/// `cognate keys rotate` picked up by the running verifier without a restart.
@Suite struct VerifierAgainstServerTests {
    /// A free port on 127.0.0.1: the issuer (and so the public URL) must name the port before the app starts.
    static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 0
        try channel.close().wait()
        return port
    }

    static func waitUntilListening(port: Int) async throws {
        for _ in 0..<200 {
            if let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get() {
                try await channel.close()
                return
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("the server did not start listening on \(port)")
    }

    @Test func verifiesLiveTokensAndPicksUpARotation() async throws {
        let port = try Self.freePort()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cognate-verifier-\(UUID().uuidString).sqlite").path
        let deployment = Deployment(region: "us-east-1", accountId: "123456789012", publicURL: "http://127.0.0.1:\(port)")
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: port, database: .sqlite(path: path), deployment: deployment,
            credentialsFile: path + ".credentials", accessKey: ("AKIDTEST", "secret"), logLevel: .error
        )
        let store = try await ServerRunner.openStore(configuration.database, logger: Logger(label: "test"))
        let sealer = KeySealer(masterKey: SymmetricKey(size: .bits256))
        // The server's services and these share the database (and so pools, users and keys), as two nodes would.
        let services = Services(store: store, deployment: deployment, sealer: sealer)
        let app = CognateApplication.build(
            configuration: configuration, store: store, accessKeys: ["AKIDTEST": "secret"], sealer: sealer, logger: Logger(label: "test")
        )
        // Run the real server on the port the issuer names (HummingbirdTesting's live mode picks its own).
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        try await Self.waitUntilListening(port: port)
        do {
            let pool = try await services.userPools.create(CreateUserPoolRequest(poolName: "verifier"))
            let poolId = try #require(pool.id)
            let client = try await services.appClients.create(CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "web", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth]
            ))
            let clientId = try #require(client.clientId)
            _ = try await services.adminUsers.create(AdminCreateUserRequest(userPoolId: poolId, username: "alice", messageAction: .suppress))
            try await services.adminUsers.setPassword(poolId: poolId, username: "alice", password: "Correct-Horse-7", permanent: true)
            func signIn() async throws -> AuthenticationResultType {
                let outcome = try await services.authentication.initiate(
                    flow: .userPasswordAuth, parameters: ["USERNAME": "alice", "PASSWORD": "Correct-Horse-7"], clientId: clientId
                )
                return try #require(outcome.result?.authenticationResult)
            }

            let verifier = CognitoTokenVerifier(
                issuer: "\(deployment.publicURL)/\(poolId)", clientIds: [clientId], refetchInterval: .milliseconds(100)
            )
            let first = try await signIn()
            let access = try await verifier.verifyAccessToken(try #require(first.accessToken))
            #expect(access.username == "alice" && access.clientId == clientId)
            let id = try await verifier.verifyIdToken(try #require(first.idToken))
            #expect(id.username == "alice" && id.audience == clientId)

            try await services.signingKeys.rotate(poolId: poolId)
            try await Task.sleep(for: .milliseconds(150))
            let second = try await signIn()
            _ = try await verifier.verifyAccessToken(try #require(second.accessToken))  // signed by the new key
            _ = try await verifier.verifyAccessToken(try #require(first.accessToken))  // the old key is still published

            let other = CognitoTokenVerifier(issuer: "\(deployment.publicURL)/\(poolId)", clientIds: ["someone-else"])
            await #expect(throws: TokenVerificationError.wrongClient(clientId)) {
                try await other.verifyAccessToken(try #require(second.accessToken))
            }
            await store.shutdown()
        } catch {
            await store.shutdown()
            throw error
        }
    }
}
