import Crypto

/// Creates the password verifier that the server stores instead of the password.
///
/// At sign-up, AdminSetUserPassword, ChangePassword, ConfirmForgotPassword… the server sees the
/// password once, computes `v = g^x mod N` with `x = H(pad(salt) | H(poolName | userId | ":" | password))`,
/// stores the salt and `v`, and forgets the password. `v` lets it run SRP later but is not enough to
/// log in: an attacker who steals it still has to guess passwords offline.
public enum SRPVerifier {
    /// The verifier for `password`.
    ///
    /// - Parameters:
    ///   - poolName: the part of the user pool id after its underscore (`"AbCdEf123"` for
    ///     `"us-east-1_AbCdEf123"`); see ``poolName(fromPoolId:)``.
    ///   - userId: exactly the `USER_ID_FOR_SRP` the server will send in the challenge (the user name,
    ///     or the `sub` for pools that sign in with an email or phone alias). Clients hash that value,
    ///     so the verifier must be made with it, not with whatever alias the user typed.
    ///   - password: the password as the client will send it; no normalisation, its UTF-8 bytes are hashed.
    ///   - salt: random bytes, 16 from a CSPRNG is what Cognito's clients use for device verifiers.
    ///     They are read as an unsigned integer and hashed in padded form (see ``saltHex(_:)``),
    ///     so leading zero bytes do not count.
    /// - Returns: `v`'s bytes in padded form (minimal big-endian, `00` in front if the top bit is set) —
    ///   the same form Cognito's clients use for a device's `PasswordVerifier`, so one column can hold both.
    public static func verifier(poolName: String, userId: String, password: String, salt: [UInt8]) -> [UInt8] {
        let x = privateKey(salt: salt, identity: poolName + userId, password: password)
        let group = SRPGroup.cognito
        return SRPEncoding.padded(group.power(group.generator, SRPEncoding.hashExponent(x)))
    }

    /// The `SALT` challenge parameter for `salt`: lowercase hex of its padded form.
    ///
    /// Why padded: pycognito pads the `SALT` *string* it receives, while amazon-cognito-identity-js
    /// reads it as an integer first (dropping leading zeros) and pads that. Sending the padded form
    /// of the integer makes both hash the same bytes the verifier was made with, whatever the salt's
    /// leading bytes are.
    public static func saltHex(_ salt: [UInt8]) -> String {
        SRPEncoding.hex(SRPEncoding.padded(bytes: salt))
    }

    /// The pool name Cognito's clients hash: the second `_`-separated part of the pool id, as
    /// `pool_id.split('_')[1]` in pycognito and `userPoolId.split('_')[1]` in the JS SDK. `nil` when
    /// the id has no underscore.
    public static func poolName(fromPoolId poolId: String) -> String? {
        let parts = poolId.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        return String(parts[1])
    }

    /// `x = H(pad(salt) | H(identity | ":" | password))`. `identity` is `poolName + userId` for users;
    /// device SRP uses the same formula with `deviceGroupKey + deviceKey`.
    static func privateKey(salt: [UInt8], identity: String, password: String) -> UInt3072 {
        let inner = Array(SHA256.hash(data: Array((identity + ":" + password).utf8)))
        return SRPEncoding.hashInteger(SRPEncoding.padded(bytes: salt), inner)
    }
}
