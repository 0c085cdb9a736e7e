import CognateCore
import CognateStore
import CognitoModel
import Foundation
import Testing

/// The pool service end to end on a real database: Cognito's defaults, ids, paging, deletion protection.
@Suite struct UserPoolServiceTests {
    func service(_ store: any Store) -> UserPoolService {
        UserPoolService(
            store: store, deployment: Deployment(region: "eu-west-1", accountId: "111122223333", publicURL: "http://x"),
            clock: SystemWallClock(), random: SystemRandomSource()
        )
    }

    @Test(arguments: Backend.available)
    func createsAPoolWithCognitosDefaults(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            let pools = service(store)
            let created = try await pools.create(CreateUserPoolRequest(poolName: "tutorial", usernameAttributes: [.email]))
            let id = try #require(created.id)
            #expect(id.range(of: #"^eu-west-1_[0-9A-Za-z]{9}$"#, options: .regularExpression) != nil)
            #expect(created.arn == "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/\(id)")
            #expect(created.policies?.passwordPolicy == PasswordPolicyType(
                minimumLength: 8, requireUppercase: true, requireLowercase: true, requireNumbers: true,
                requireSymbols: true, temporaryPasswordValidityDays: 7
            ))
            #expect(created.mfaConfiguration == .off)
            #expect(created.schemaAttributes?.first?.name == "sub")
            #expect(created.schemaAttributes?.count == StandardAttributes.schema.count)
            #expect(try await pools.describe(id: id) == created)
        }
    }

    @Test(arguments: Backend.available)
    func refusesToDeleteAProtectedPool(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            let pools = service(store)
            let created = try await pools.create(CreateUserPoolRequest(poolName: "p", deletionProtection: .active))
            await #expect(throws: CognitoError.self) { try await pools.delete(id: created.id!) }
            #expect(try await pools.describe(id: created.id!).name == "p")
            await #expect(throws: CognitoError.resourceNotFound("User pool eu-west-1_nope does not exist.")) {
                try await pools.delete(id: "eu-west-1_nope")
            }
        }
    }

    @Test(arguments: Backend.available)
    func pagesThroughPools(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            let pools = service(store)
            var created = Set<String>()
            for index in 0..<5 { created.insert(try await pools.create(CreateUserPoolRequest(poolName: "p\(index)")).id!) }
            var listed: [String] = []
            var token: String?
            repeat {
                let page = try await pools.list(maxResults: 2, nextToken: token)
                listed += page.pools.compactMap(\.id)
                token = page.nextToken
            } while token != nil
            #expect(listed.count == 5)
            #expect(Set(listed) == created)
            await #expect(throws: CognitoError.self) { _ = try await pools.list(maxResults: 2, nextToken: "!!!") }
        }
    }
}
