import CognitoModel
import Crypto
import Foundation

/// The app client and pool an unsigned call names, with the client's secret checked: every user
/// operation starts here, because the client id is all it carries to find its pool.
struct ClientContext: Sendable {
    let client: UserPoolClientType
    let pool: UserPoolRecord

    var poolId: String { pool.id }
    var clientId: String { client.clientId ?? "" }
    var identity: SignInIdentity { SignInIdentity(pool: pool.description) }
    var preventsUserExistenceErrors: Bool { client.preventUserExistenceErrors == .enabled }

    static func load(clientId: String, in session: any StoreSession) async throws -> ClientContext {
        guard let resource = try await session.resource(poolId: nil, kind: .client, key: clientId),
            let pool = try await session.userPool(id: resource.poolId)
        else {
            throw CognitoError.resourceNotFound("User pool client \(clientId) does not exist.")
        }
        return ClientContext(client: try resource.decode(UserPoolClientType.self), pool: pool)
    }

    /// Checks `SECRET_HASH` = Base64(HMAC-SHA256(client secret, username + client id)) for clients with a secret.
    func checkSecretHash(_ given: String?, username: String) throws {
        guard let secret = client.clientSecret else { return }
        guard let given else {
            throw CognitoError.notAuthorized("Client \(clientId) is configured with secret but SECRET_HASH was not received")
        }
        let expected = Self.secretHash(secret: secret, username: username, clientId: clientId)
        guard ConstantTime.equal(Array(expected.utf8), Array(given.utf8)) else {
            throw CognitoError.notAuthorized("Unable to verify secret hash for client \(clientId)")
        }
    }

    static func secretHash(secret: String, username: String, clientId: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data((username + clientId).utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    func allows(_ flow: ExplicitAuthFlowsType) -> Bool {
        let flows = client.explicitAuthFlows ?? []
        switch flow {
        case .allowUserPasswordAuth: return flows.contains(.allowUserPasswordAuth) || flows.contains(.userPasswordAuth)
        case .allowAdminUserPasswordAuth: return flows.contains(.allowAdminUserPasswordAuth) || flows.contains(.adminNoSrpAuth)
        case .allowUserSrpAuth: return flows.contains(.allowUserSrpAuth) || !flows.contains(where: { $0.rawValue.hasPrefix("ALLOW_") })
        case .allowRefreshTokenAuth: return flows.contains(.allowRefreshTokenAuth) || !flows.contains(where: { $0.rawValue.hasPrefix("ALLOW_") })
        default: return flows.contains(flow)
        }
    }
}
