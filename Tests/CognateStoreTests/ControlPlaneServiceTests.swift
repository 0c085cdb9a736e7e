import CognateArgon2
import CognateCore
import CognateStore
import CognitoModel
import Crypto
import Foundation
import Testing

/// Control-plane services on real databases: cascading deletion, uniqueness under concurrency.
@Suite struct ControlPlaneServiceTests {
    func services(_ store: any Store) -> Services {
        Services(
            store: store, deployment: Deployment(region: "us-east-1", accountId: "123456789012", publicURL: "http://127.0.0.1:9229"),
            sealer: KeySealer(masterKey: SymmetricKey(size: .bits256)), passwordParameters: .init(memoryKiB: 64, iterations: 1, parallelism: 1)
        )
    }

    @Test(arguments: Backend.available)
    func deletingAPoolDeletesEverythingInIt(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            let services = services(store)
            let pool = try await services.userPools.create(CreateUserPoolRequest(poolName: "p")).id!
            let client = try await services.appClients.create(CreateUserPoolClientRequest(userPoolId: pool, clientName: "c"))
            _ = try await services.domains.create(CreateUserPoolDomainRequest(domain: "cascade-test", userPoolId: pool))
            _ = try await services.groups.create(CreateGroupRequest(groupName: "g", userPoolId: pool))
            // As in Cognito, a pool with a domain cannot be deleted until the domain is.
            await #expect(throws: CognitoError.self) { try await services.userPools.delete(id: pool) }
            try await services.domains.delete(domain: "cascade-test", poolId: pool)
            try await services.userPools.delete(id: pool)
            #expect(try await services.appClients.find(clientId: client.clientId!) == nil)
            #expect(try await store.listResources(poolId: pool, kind: .group, afterKey: nil, limit: 10).isEmpty)
            let again = try await services.userPools.create(CreateUserPoolRequest(poolName: "q")).id!
            _ = try await services.domains.create(CreateUserPoolDomainRequest(domain: "cascade-test", userPoolId: again))
        }
    }

    @Test(arguments: Backend.available)
    func concurrentCreatesOfOneNameYieldOneGroup(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            let services = services(store)
            let pool = try await services.userPools.create(CreateUserPoolRequest(poolName: "p")).id!
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        do {
                            _ = try await services.groups.create(CreateGroupRequest(groupName: "admins", userPoolId: pool))
                            return "created"
                        } catch let error as CognitoError {
                            return error.code.rawValue
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "created" }.count == 1)
            #expect(outcomes.filter { $0 == "GroupExistsException" }.count == 11)
        }
    }

    @Test(arguments: Backend.available)
    func enforcesTheResourceServerLimit(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            let services = services(store)
            let pool = try await services.userPools.create(CreateUserPoolRequest(poolName: "p")).id!
            for index in 0..<25 {
                _ = try await services.resourceServers.create(CreateResourceServerRequest(userPoolId: pool, identifier: "api\(index)", name: "n"))
            }
            await #expect(throws: CognitoError.self) {
                _ = try await services.resourceServers.create(CreateResourceServerRequest(userPoolId: pool, identifier: "api25", name: "n"))
            }
        }
    }

    @Test(arguments: Backend.available)
    func scopesOfClientsMustExist(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            let services = services(store)
            let pool = try await services.userPools.create(CreateUserPoolRequest(poolName: "p")).id!
            _ = try await services.resourceServers.create(CreateResourceServerRequest(
                userPoolId: pool, identifier: "https://api", name: "api",
                scopes: [ResourceServerScopeType(scopeName: "read", scopeDescription: "r")]
            ))
            let request = CreateUserPoolClientRequest(
                userPoolId: pool, clientName: "m2m", generateSecret: true, allowedOAuthFlows: [.clientCredentials],
                allowedOAuthScopes: ["https://api/read"], allowedOAuthFlowsUserPoolClient: true
            )
            let client = try await services.appClients.create(request)
            #expect(client.clientSecret?.count == 51)
            #expect(client.clientId?.count == 26)
            var unknown = request
            unknown.allowedOAuthScopes = ["https://api/write"]
            await #expect(throws: CognitoError(.scopeDoesNotExist, "Invalid scope requested: https://api/write")) {
                _ = try await services.appClients.create(unknown)
            }
        }
    }
}
