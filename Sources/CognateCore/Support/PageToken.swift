import Foundation

/// Opaque pagination tokens: the last key of a page, base64url-encoded so clients treat it as opaque.
public enum PageToken {
    public static func encode(_ key: String) -> String {
        Base64URL.encode(Data(key.utf8))
    }

    public static func decode(_ token: String) throws -> String {
        guard let data = Base64URL.decode(token), let key = String(data: data, encoding: .utf8), !key.isEmpty else {
            throw CognitoError.invalidParameter("The pagination token is invalid.")
        }
        return key
    }
}
