import CognateCore
import Crypto
import Foundation

/// Signs a request with SigV4 exactly as the verifier checks it (the same canonical request, scope and
/// key derivation), for Cognate's own clients of the signed API: the `cognate` CLI.
public struct SigV4Signer: Sendable {
    public let accessKeyId: String
    let secret: String
    public let region: String
    public let service: String

    public init(accessKeyId: String, secret: String, region: String, service: String = "cognito-idp") {
        self.accessKeyId = accessKeyId
        self.secret = secret
        self.region = region
        self.service = service
    }

    /// `request` with `X-Amz-Date` and `Authorization` added; it must already carry `Host`.
    public func sign(_ request: APIRequest, at date: Date = Date()) throws -> APIRequest {
        var signed = request
        let amzDate = SigV4Verifier.formatAmzDate(date)
        signed.headers.append((name: "X-Amz-Date", value: amzDate))
        let signedHeaders = Set(signed.headers.map { $0.name.lowercased() }).sorted()
        let canonical = try CanonicalRequest(request: signed, signedHeaders: signedHeaders).text
        let day = String(amzDate.prefix(8))
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(SigV4Verifier.hexSHA256(Data(canonical.utf8)))"
        let key = SigV4Verifier.signingKey(secret: secret, date: day, region: region, service: service)
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key)).hexEncoded
        signed.headers.append((
            name: "Authorization",
            value: "AWS4-HMAC-SHA256 Credential=\(accessKeyId)/\(scope), SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
        ))
        return signed
    }
}
