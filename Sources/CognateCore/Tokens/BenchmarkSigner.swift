import CognateSRP
import Foundation
import _CryptoExtras

/// Signs a Cognito-sized access token with a fresh RS256 key, for `cognate bench`: the cost every
/// issued token pays, and so the bound on refreshes per second.
public struct BenchmarkSigner: Sendable {
    let key: ActiveSigningKey
    let payload: Data

    public init() throws {
        key = ActiveSigningKey(kid: "benchmark", privateKey: try _RSA.Signing.PrivateKey(keySize: .bits2048))
        payload = Data(
            #"{"auth_time":1700000000,"client_id":"abcdefghijklmnopqrstuvwxyz","event_id":"00000000-0000-4000-8000-000000000000","exp":1700003600,"iat":1700000000,"iss":"http://127.0.0.1:9229/us-east-1_AAAAAAAAA","jti":"00000000-0000-4000-8000-000000000001","origin_jti":"00000000-0000-4000-8000-000000000002","scope":"aws.cognito.signin.user.admin","sub":"00000000-0000-4000-8000-000000000003","token_use":"access","username":"alice"}"#.utf8
        )
    }

    public func sign() {
        _ = try? key.sign(payload: payload)
    }
}

/// Makes an SRP verifier (one 3072-bit modular exponentiation), for `cognate bench`.
public struct BenchmarkSRP: Sendable {
    public init() {}

    public func verifier() {
        _ = SRPVerifier.verifier(poolName: "AAAAAAAAA", userId: "alice", password: "benchmark-password", salt: [UInt8](repeating: 1, count: 16))
    }
}
