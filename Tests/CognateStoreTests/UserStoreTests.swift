import CognateCore
import CognateStore
import CognitoModel
import Foundation
import Testing

/// Users, aliases, codes and refresh tokens on both engines: uniqueness by the database, atomic rotation.
@Suite struct UserStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func setUp(_ store: any Store) async throws {
        try await store.insertUserPool(UserPoolRecord(id: "us-east-1_p", name: "p", createdAt: now, lastModifiedAt: now, description: UserPoolType()))
    }

    func user(_ sub: String, _ name: String) -> UserRecord {
        UserRecord(
            poolId: "us-east-1_p", sub: sub, username: name, usernameKey: name.lowercased(), status: .unconfirmed,
            attributes: ["email": "\(name)@example.com"], createdAt: now, lastModifiedAt: now
        )
    }

    @Test(arguments: Backend.available)
    func keepsUsernamesAndAliasesUnique(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await setUp(store)
            try await store.insertUser(user("s1", "Alice"))
            await #expect(throws: StoreError.self) { try await store.insertUser(user("s2", "alice")) }
            try await store.insertUser(user("s3", "bob"))
            try await store.setAliases(poolId: "us-east-1_p", sub: "s1", aliasKeys: ["email:a@x"])
            await #expect(throws: StoreError.self) { try await store.setAliases(poolId: "us-east-1_p", sub: "s3", aliasKeys: ["email:a@x"]) }
            #expect(try await store.user(poolId: "us-east-1_p", aliasKey: "email:a@x")?.sub == "s1")
            #expect(try await store.user(poolId: "us-east-1_p", usernameKey: "alice")?.username == "Alice")
            #expect(try await store.deleteUser(poolId: "us-east-1_p", sub: "s1"))
            #expect(try await store.user(poolId: "us-east-1_p", aliasKey: "email:a@x") == nil, "aliases go with their user")
            #expect(try await store.countUsers(poolId: "us-east-1_p") == 1)
        }
    }

    @Test(arguments: Backend.available)
    func roundTripsEveryUserField(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await setUp(store)
            var record = user("s1", "alice")
            record.passwordHash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA"
            record.srpSalt = "00ff"
            record.srpVerifier = "abcd"
            record.failedAttempts = 3
            record.lockedUntil = now.addingTimeInterval(2)
            record.tokensValidAfter = now
            record.temporaryPasswordExpiresAt = now.addingTimeInterval(86400)
            record.enabled = false
            try await store.insertUser(record)
            #expect(try await store.user(poolId: "us-east-1_p", sub: "s1") == record)
            record.status = .confirmed
            record.attributes["email_verified"] = "true"
            try await store.updateUser(record)
            #expect(try await store.user(poolId: "us-east-1_p", sub: "s1") == record)
        }
    }

    @Test(arguments: Backend.available)
    func marksARefreshTokenUsedOnlyOnce(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await setUp(store)
            try await store.insertUser(user("s1", "alice"))
            let token = RefreshTokenRecord(
                tokenHash: "h", poolId: "us-east-1_p", sub: "s1", clientId: "c", familyId: "f", scopes: ["openid"], authTime: now,
                createdAt: now, expiresAt: now.addingTimeInterval(3600)
            )
            try await store.insertRefreshToken(token)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 { group.addTask { try await store.markRefreshTokenUsed(hash: "h", at: now) } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await store.isRefreshTokenFamilyRevoked(poolId: "us-east-1_p", familyId: "f") == false)
            try await store.revokeRefreshTokenFamily(poolId: "us-east-1_p", familyId: "f", at: now)
            #expect(try await store.isRefreshTokenFamilyRevoked(poolId: "us-east-1_p", familyId: "f"))
            #expect(try await store.refreshToken(hash: "h")?.scopes == ["openid"])
        }
    }

    @Test(arguments: Backend.available)
    func usesAnAuthorizationCodeOnlyOnce(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await setUp(store)
            try await store.insertUser(user("s1", "alice"))
            let code = AuthorizationCodeRecord(
                codeHash: "c1", poolId: "us-east-1_p", clientId: "client", sub: "s1", redirectURI: "https://app/cb", scopes: ["openid"],
                nonce: "n", codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", authTime: now, familyId: "f",
                createdAt: now, expiresAt: now.addingTimeInterval(300)
            )
            try await store.insertAuthorizationCode(code)
            let outcomes = try await withThrowingTaskGroup(of: AuthorizationCodeRecord?.self) { group in
                for _ in 0..<10 { group.addTask { try await store.useAuthorizationCode(hash: "c1", at: now.addingTimeInterval(1)) } }
                return try await group.reduce(into: [AuthorizationCodeRecord?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == code }.count == 1, "exactly one exchange sees the code unused")
            #expect(outcomes.filter { $0?.usedAt == now.addingTimeInterval(1) }.count == 9)
            #expect(try await store.useAuthorizationCode(hash: "unknown", at: now) == nil)

            // Codes long expired are dropped when new ones are stored; a recent one stays to catch replays.
            var later = code
            later.codeHash = "c2"
            later.createdAt = now.addingTimeInterval(2 * 86400)
            later.expiresAt = later.createdAt.addingTimeInterval(300)
            try await store.insertAuthorizationCode(later)
            #expect(try await store.useAuthorizationCode(hash: "c1", at: later.createdAt) == nil)
            #expect(try await store.deleteUser(poolId: "us-east-1_p", sub: "s1"))
            #expect(try await store.useAuthorizationCode(hash: "c2", at: later.createdAt) == nil, "codes go with their user")
        }
    }

    @Test(arguments: Backend.available)
    func readsARefreshGrantInOneStatement(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await setUp(store)
            let alice = user("s1", "alice")
            try await store.insertUser(alice)
            let token = RefreshTokenRecord(
                tokenHash: "h", poolId: "us-east-1_p", sub: "s1", clientId: "c", familyId: "f", scopes: ["openid", "email"],
                authTime: now, createdAt: now, expiresAt: now.addingTimeInterval(3600)
            )
            try await store.insertRefreshToken(token)
            #expect(try await store.refreshGrant(hash: "h") == RefreshGrant(token: token, user: alice, groups: []))
            try await store.addGroupMember(poolId: "us-east-1_p", groupName: "writers", sub: "s1")
            try await store.addGroupMember(poolId: "us-east-1_p", groupName: "admins", sub: "s1")
            #expect(try await store.refreshGrant(hash: "h") == RefreshGrant(token: token, user: alice, groups: ["admins", "writers"]))
            #expect(try await store.refreshGrant(hash: "other") == nil)
            #expect(try await store.deleteUser(poolId: "us-east-1_p", sub: "s1"))
            #expect(try await store.refreshGrant(hash: "h") == nil)
        }
    }
}
