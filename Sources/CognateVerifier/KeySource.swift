import AsyncHTTPClient
import CognateJSON
import Foundation
import NIOCore

/// Where a verifier gets the issuer's signing keys. The default reads them over HTTP; anything else
/// (a file, a fixed set for an air-gapped deployment) can stand in.
public protocol KeySource: Sendable {
    /// The issuer's JWKS document.
    func jsonWebKeySet() async throws -> Data
}

/// The issuer's keys over HTTP: its OpenID discovery document names the JWKS URL (for Cognate and for
/// Amazon Cognito alike), which is then fetched.
public struct DiscoveryKeySource: KeySource {
    public let issuer: String
    let client: HTTPClient
    /// Keys documents are small; anything larger is refused.
    static let maximumSize = 1 << 20

    public init(issuer: String, client: HTTPClient = .shared) {
        self.issuer = issuer
        self.client = client
    }

    public func jsonWebKeySet() async throws -> Data {
        let discovery = try JSONValue.parse(Array(try await get("\(issuer)/.well-known/openid-configuration")))
        guard case .object(let document) = discovery, case .string(let jwksURI)? = document["jwks_uri"] else {
            throw TokenVerificationError.keysUnavailable("The discovery document of \(issuer) names no jwks_uri.")
        }
        return try await get(jwksURI)
    }

    func get(_ url: String) async throws -> Data {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        guard response.status == .ok else {
            throw TokenVerificationError.keysUnavailable("GET \(url) answered \(response.status.code).")
        }
        return Data(try await response.body.collect(upTo: Self.maximumSize).readableBytesView)
    }
}

/// A fixed JWKS, for deployments that pin the issuer's keys instead of fetching them.
public struct StaticKeySource: KeySource {
    let document: Data

    public init(jwks: Data) {
        document = jwks
    }

    public func jsonWebKeySet() async throws -> Data { document }
}
