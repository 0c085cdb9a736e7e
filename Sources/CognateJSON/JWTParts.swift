/// The three base64url parts of a compact JWS, decoded, and the signing input they came from. Found by
/// scanning bytes: splitting a String on "." walks it as Characters (grapheme breaking), which cost more
/// than verifying the RSA signature.
public struct JWTParts: Sendable {
    public let header: [UInt8]
    public let payload: [UInt8]
    public let signature: [UInt8]
    /// `header.payload` as sent: the bytes the signature covers.
    public let signingInput: [UInt8]

    public init?(_ token: String) {
        var token = token
        guard let parts = token.withUTF8({ bytes -> ([UInt8], [UInt8], [UInt8], [UInt8])? in
            guard let first = bytes.firstIndex(of: UInt8(ascii: ".")),
                let second = bytes[(first + 1)...].firstIndex(of: UInt8(ascii: ".")),
                !bytes[(second + 1)...].contains(UInt8(ascii: "."))
            else { return nil }
            guard let header = Base64URL.decode(bytes: UnsafeBufferPointer(rebasing: bytes[..<first])),
                let payload = Base64URL.decode(bytes: UnsafeBufferPointer(rebasing: bytes[(first + 1)..<second])),
                let signature = Base64URL.decode(bytes: UnsafeBufferPointer(rebasing: bytes[(second + 1)...]))
            else { return nil }
            return (header, payload, signature, Array(UnsafeBufferPointer(rebasing: bytes[..<second])))
        }) else { return nil }
        (header, payload, signature, signingInput) = parts
    }
}
