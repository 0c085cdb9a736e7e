import CognateCore
import Crypto
import Foundation

/// Verifies AWS Signature Version 4 on the signed operations, as AWS does for Cognito's admin API:
/// the same canonical request, scope and HMAC chain that the SDKs compute, compared in constant time.
public struct SigV4Verifier: Sendable {
    public let region: String
    public let service: String
    let keys: AccessKeys
    let clock: any WallClock
    /// How far `X-Amz-Date` may stray from our clock: AWS allows five minutes.
    let allowedSkew: TimeInterval = 300

    public init(region: String, service: String = "cognito-idp", keys: AccessKeys, clock: any WallClock) {
        self.region = region
        self.service = service
        self.keys = keys
        self.clock = clock
    }

    /// Returns the access key id that signed `request`, or throws the error AWS would answer.
    @discardableResult
    public func verify(_ request: APIRequest) throws -> String {
        guard let authorization = request.header("Authorization"), !authorization.isEmpty else {
            throw CognitoError(.missingAuthenticationToken, "Missing Authentication Token")
        }
        let parsed = try AuthorizationHeader(parsing: authorization)
        guard let amzDate = request.header("X-Amz-Date"), let signedAt = Self.parseAmzDate(amzDate) else {
            throw CognitoError(
                .incompleteSignature,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
            )
        }
        guard let secret = keys.secret(for: parsed.accessKeyId) else {
            throw CognitoError(.unrecognizedClient, "The security token included in the request is invalid.")
        }
        let now = clock.now()
        if signedAt < now.addingTimeInterval(-allowedSkew) {
            throw CognitoError(
                .invalidSignature,
                "Signature expired: \(amzDate) is now earlier than \(Self.formatAmzDate(now.addingTimeInterval(-allowedSkew))) (\(Self.formatAmzDate(now)) - 5 min.)"
            )
        }
        if signedAt > now.addingTimeInterval(allowedSkew) {
            throw CognitoError(
                .invalidSignature,
                "Signature not yet current: \(amzDate) is still later than \(Self.formatAmzDate(now.addingTimeInterval(allowedSkew))) (\(Self.formatAmzDate(now)) + 5 min.)"
            )
        }
        guard parsed.date == String(amzDate.prefix(8)) else {
            throw CognitoError(.invalidSignature, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(parsed.date)' != '\(amzDate.prefix(8))', from '\(amzDate)'.")
        }
        guard parsed.region == region else {
            throw CognitoError(.invalidSignature, "Credential should be scoped to a valid region. ")
        }
        guard parsed.service == service else {
            throw CognitoError(.invalidSignature, "Credential should be scoped to correct service: '\(service)'. ")
        }
        guard parsed.terminator == "aws4_request" else {
            throw CognitoError(.invalidSignature, "Credential should be scoped with a valid terminator: 'aws4_request', not '\(parsed.terminator)'. ")
        }
        guard parsed.signedHeaders.contains("host") else {
            throw CognitoError(.invalidSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }

        let canonical = try CanonicalRequest(request: request, signedHeaders: parsed.signedHeaders).text
        let scope = "\(parsed.date)/\(parsed.region)/\(parsed.service)/\(parsed.terminator)"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Self.hexSHA256(Data(canonical.utf8)))"
        let signingKey = Self.signingKey(secret: secret, date: parsed.date, region: parsed.region, service: parsed.service)
        let expected = Data(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey)).hexEncoded
        guard ConstantTime.equal(Array(expected.utf8), Array(parsed.signature.lowercased().utf8)) else {
            throw CognitoError(
                .invalidSignature,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
            )
        }
        return parsed.accessKeyId
    }

    static func signingKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
        }
        var key = SymmetricKey(data: Data("AWS4\(secret)".utf8))
        for part in [date, region, service, "aws4_request"] { key = hmac(key, part) }
        return key
    }

    static func hexSHA256(_ data: Data) -> String { Data(SHA256.hash(data: data)).hexEncoded }

    private static let amzDateFormat = Date.ISO8601FormatStyle(dateSeparator: .omitted, dateTimeSeparator: .standard, timeSeparator: .omitted, timeZone: .gmt)

    static func parseAmzDate(_ text: String) -> Date? {
        guard text.count == 16 else { return nil }
        return try? amzDateFormat.parse(text)
    }

    static func formatAmzDate(_ date: Date) -> String { amzDateFormat.format(date) }
}

/// The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
struct AuthorizationHeader {
    let accessKeyId: String
    let date: String
    let region: String
    let service: String
    let terminator: String
    let signedHeaders: [String]
    let signature: String

    init(parsing header: String) throws {
        let algorithm = "AWS4-HMAC-SHA256"
        guard header.hasPrefix(algorithm + " ") else {
            throw CognitoError(.incompleteSignature, "Authorization header requires the '\(algorithm)' algorithm.")
        }
        var fields: [String: String] = [:]
        for part in header.dropFirst(algorithm.count + 1).split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            fields[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"],
            let signature = fields["Signature"]
        else {
            throw CognitoError(
                .incompleteSignature,
                "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters."
            )
        }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, !scope[0].isEmpty else {
            throw CognitoError(.incompleteSignature, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'")
        }
        accessKeyId = scope[0]
        date = scope[1]
        region = scope[2]
        service = scope[3]
        terminator = scope[4]
        self.signedHeaders = signedHeaders.split(separator: ";").map { $0.lowercased() }
        self.signature = signature
    }
}
