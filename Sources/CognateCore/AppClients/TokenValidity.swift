import CognitoModel

/// Token lifetimes of an app client, with Cognito's defaults (1 hour for ID and access tokens, 30 days
/// for refresh tokens), default units (hours, hours, days) and bounds.
public struct TokenValidity: Sendable, Equatable {
    public var accessTokenSeconds: Int
    public var idTokenSeconds: Int
    public var refreshTokenSeconds: Int

    static func seconds(_ value: Int, _ unit: TimeUnitsType) -> Int {
        switch unit {
        case .seconds: return value
        case .minutes: return value * 60
        case .hours: return value * 3600
        default: return value * 86400
        }
    }

    /// The lifetimes a client's description grants.
    public init(_ client: UserPoolClientType) {
        let units = client.tokenValidityUnits
        accessTokenSeconds = client.accessTokenValidity.map { Self.seconds($0, units?.accessToken ?? .hours) } ?? 3600
        idTokenSeconds = client.idTokenValidity.map { Self.seconds($0, units?.idToken ?? .hours) } ?? 3600
        refreshTokenSeconds = client.refreshTokenValidity.map { Self.seconds($0, units?.refreshToken ?? .days) } ?? 30 * 86400
    }

    /// Refuses lifetimes outside Cognito's bounds: 5 minutes to 1 day for ID and access tokens,
    /// 1 hour to 10 years for refresh tokens.
    func check() throws {
        for (name, seconds) in [("AccessTokenValidity", accessTokenSeconds), ("IdTokenValidity", idTokenSeconds)]
        where !(300...86400).contains(seconds) {
            throw CognitoError.invalidParameter("\(name) must be between 5 minutes and 1 day.")
        }
        if !(3600...315_360_000).contains(refreshTokenSeconds) {
            throw CognitoError.invalidParameter("RefreshTokenValidity must be between 60 minutes and 10 years.")
        }
        if refreshTokenSeconds < accessTokenSeconds || refreshTokenSeconds < idTokenSeconds {
            throw CognitoError.invalidParameter("Refresh token validity must be longer than the access and ID token validity.")
        }
    }
}
