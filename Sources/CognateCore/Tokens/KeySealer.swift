import Crypto
import Foundation

/// Encrypts secrets at rest (token-signing private keys) with the deployment's master key, AES-256-GCM,
/// so that a copy of the database alone does not let anyone mint tokens.
public struct KeySealer: Sendable {
    let masterKey: SymmetricKey

    public init(masterKey: SymmetricKey) {
        self.masterKey = masterKey
    }

    public init?(base64 text: String) {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            return nil
        }
        self.masterKey = SymmetricKey(data: data)
    }

    /// `context` (pool id and key id) is authenticated, so a sealed key cannot be moved to another row.
    func seal(_ plaintext: Data, context: String) throws -> String {
        try AES.GCM.seal(plaintext, using: masterKey, authenticating: Data(context.utf8)).combined!.base64EncodedString()
    }

    func open(_ sealed: String, context: String) throws -> Data {
        guard let combined = Data(base64Encoded: sealed) else { throw CognitoError.internalError("A sealed key is corrupt.") }
        return try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: masterKey, authenticating: Data(context.utf8))
    }

    /// A value sealed for a cookie or a form field: JSON, sealed, base64url.
    public func seal(value: some Encodable, context: String) throws -> String {
        let plaintext = Data(try DocumentCoding.encode(value).utf8)
        return Base64URL.encode(try AES.GCM.seal(plaintext, using: masterKey, authenticating: Data(context.utf8)).combined!)
    }

    /// Nil for anything not sealed by this deployment with this context.
    public func open<T: Decodable>(_ type: T.Type, from text: String, context: String) -> T? {
        guard let combined = Base64URL.decode(text), let box = try? AES.GCM.SealedBox(combined: combined),
            let data = try? AES.GCM.open(box, using: masterKey, authenticating: Data(context.utf8))
        else { return nil }
        return try? DocumentCoding.decode(type, from: String(decoding: data, as: UTF8.self))
    }
}
