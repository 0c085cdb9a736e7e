import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636) with S256 only: `plain` protects nothing against an attacker
/// who can read the authorize request, so it is refused (RFC 9700 §2.1.1).
enum PKCE {
    /// A challenge is BASE64URL(SHA-256(verifier)): 43 characters of the base64url alphabet.
    static func isWellFormedChallenge(_ challenge: String) -> Bool {
        challenge.utf8.count == 43 && Base64URL.decode(challenge)?.count == 32
    }

    /// RFC 7636 §4.1: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].
    static func isWellFormedVerifier(_ verifier: String) -> Bool {
        (43...128).contains(verifier.utf8.count)
            && verifier.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            }
    }

    static func verifies(_ verifier: String, challenge: String) -> Bool {
        let computed = Base64URL.encode(Array(SHA256.hash(data: Data(verifier.utf8))))
        return ConstantTime.equal(Array(computed.utf8), Array(challenge.utf8))
    }
}
