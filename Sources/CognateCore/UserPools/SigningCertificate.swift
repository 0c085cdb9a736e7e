import CognitoModel
import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// The pool's SAML signing certificate (GetSigningCertificate): a self-signed RSA-2048 certificate
/// made on first request and kept for the pool's lifetime, so an IdP can be configured with it once.
struct SigningCertificate: Codable, Sendable {
    static let key = "saml"
    static let kind = PoolResourceKind(rawValue: "signing_certificate")

    /// DER, base64-encoded, as Cognito returns it.
    let certificate: String

    static func make(poolId: String, now: Date) throws -> SigningCertificate {
        let privateKey = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        let name = try DistinguishedName {
            CommonName(poolId)
            OrganizationName("Cognate")
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: privateKey.publicKey,
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
            },
            issuerPrivateKey: privateKey
        )
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return SigningCertificate(certificate: Data(serializer.serializedBytes).base64EncodedString())
    }
}

extension UserPoolService {
    /// The pool's signing certificate, made on first use. Only the certificate is kept: nothing in
    /// Cognate signs SAML requests yet, so the private key is not stored.
    public func signingCertificate(poolId: String) async throws -> String {
        if let stored = try await store.resource(poolId: poolId, kind: SigningCertificate.kind, key: SigningCertificate.key) {
            return try stored.decode(SigningCertificate.self).certificate
        }
        let now = clock.now().truncatedToMilliseconds
        let made = try SigningCertificate.make(poolId: poolId, now: now)
        return try await store.transaction { session in
            _ = try await PoolScope.requirePool(poolId, in: session, lock: true)
            if let stored = try await session.resource(poolId: poolId, kind: SigningCertificate.kind, key: SigningCertificate.key) {
                return try stored.decode(SigningCertificate.self).certificate  // another request made it first
            }
            try await session.insertResource(try PoolResource(
                poolId: poolId, kind: SigningCertificate.kind, key: SigningCertificate.key, createdAt: now, lastModifiedAt: now,
                value: made
            ))
            return made.certificate
        }
    }
}
