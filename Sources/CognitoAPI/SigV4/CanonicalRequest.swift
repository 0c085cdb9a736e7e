import CognateCore
import Foundation

/// SigV4's canonical form of a request (method, path, query, signed headers, payload hash),
/// built from the request exactly as it arrived so that it matches what the client signed.
struct CanonicalRequest {
    let text: String

    init(request: APIRequest, signedHeaders: [String]) throws {
        var headerLines: [String] = []
        for name in signedHeaders {
            let values = request.headerValues(name)
            guard !values.isEmpty else {
                throw CognitoError(.invalidSignature, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
            }
            headerLines.append("\(name):\(values.map(Self.normalizedHeaderValue).joined(separator: ","))")
        }
        text = [
            request.method.uppercased(),
            Self.canonicalURI(request.rawPath),
            Self.canonicalQuery(request.rawQuery),
            headerLines.joined(separator: "\n") + "\n",
            signedHeaders.joined(separator: ";"),
            SigV4Verifier.hexSHA256(request.body),
        ].joined(separator: "\n")
    }

    /// Trimmed, with runs of spaces collapsed to one, as SigV4 specifies.
    static func normalizedHeaderValue(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The path normalised and percent-encoded once more, as every service but S3 signs it.
    static func canonicalURI(_ rawPath: String) -> String {
        var segments: [Substring] = []
        for segment in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var path = "/" + segments.map { uriEncode(String($0)) }.joined(separator: "/")
        if rawPath.hasSuffix("/") && path != "/" { path += "/" }
        return path
    }

    static func canonicalQuery(_ rawQuery: String?) -> String {
        guard let rawQuery, !rawQuery.isEmpty else { return "" }
        let pairs = rawQuery.split(separator: "&").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (uriEncode(key), uriEncode(value))
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// RFC 3986 encoding: everything but unreserved characters, uppercase hex.
    static func uriEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                result.append(Character(UnicodeScalar(byte)))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
