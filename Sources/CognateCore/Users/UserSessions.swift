import Foundation

/// Ending a user's sessions everywhere: refresh tokens revoked (and with them their access tokens),
/// and a cut-off for tokens that have no refresh token, effective on every node at once.
enum UserSessions {
    static func signOutEverywhere(poolId: String, sub: String, now: Date, in store: any Store) async throws {
        try await store.transaction { session in
            guard var user = try await session.user(poolId: poolId, sub: sub) else {
                throw CognitoError(.userNotFound, "User does not exist.")
            }
            try await session.revokeRefreshTokens(poolId: poolId, sub: sub, at: now)
            user.tokensValidAfter = now
            try await session.updateUser(user)
        }
    }
}
