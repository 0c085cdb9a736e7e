import ArgumentParser
import AsyncHTTPClient
import CognateServer
import CognitoAPI
import CognitoModel
import Foundation
import NIOCore

/// How the CLI reaches a running Cognate: its URL, region and the access keys of the signed API (the
/// AWS variables, Cognate's own, or an AWS-format credentials file such as Cognate generates).
struct APIOptions: ParsableArguments {
    @Option(help: "Cognate's URL. Env: COGNATE_URL. Default: http://127.0.0.1:9229")
    var endpoint: String?

    @Option(help: "Region of the SigV4 scope. Env: AWS_REGION or COGNATE_REGION. Default: us-east-1")
    var region: String?

    @Option(help: "An AWS-format credentials file (e.g. the cognate-credentials the server generated). Default: the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or COGNATE_ACCESS_KEY_ID/COGNATE_SECRET_ACCESS_KEY variables")
    var credentialsFile: String?

    func client() throws -> APIClient {
        let environment = ProcessInfo.processInfo.environment
        let keyPair: (String, String)
        if let id = environment["AWS_ACCESS_KEY_ID"] ?? environment["COGNATE_ACCESS_KEY_ID"], credentialsFile == nil,
            let secret = environment["AWS_SECRET_ACCESS_KEY"] ?? environment["COGNATE_SECRET_ACCESS_KEY"]
        {
            keyPair = (id, secret)
        } else if let path = credentialsFile ?? environment["AWS_SHARED_CREDENTIALS_FILE"] {
            guard let first = try CredentialsFile.read(path).sorted(by: { $0.key < $1.key }).first else {
                throw ValidationError("\(path) holds no access keys.")
            }
            keyPair = (first.key, first.value)
        } else {
            throw ValidationError("No access keys: give --credentials-file, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
        }
        let region = region ?? environment["AWS_REGION"] ?? environment["COGNATE_REGION"] ?? "us-east-1"
        let base = (endpoint ?? environment["COGNATE_URL"] ?? "http://127.0.0.1:9229").trimmingCharacters(in: ["/"])
        guard let url = URL(string: base), let host = url.host else { throw ValidationError("--endpoint: not a URL: \(base)") }
        return APIClient(
            endpoint: base, host: url.port.map { "\(host):\($0)" } ?? host,
            signer: SigV4Signer(accessKeyId: keyPair.0, secret: keyPair.1, region: region)
        )
    }
}

/// A failure the server answered, shown as the AWS CLI shows it.
struct APIError: Error, CustomStringConvertible {
    let type: String
    let message: String
    var description: String { "An error occurred (\(type)): \(message)" }
}

/// `{"__type": …, "message": …}`, the JSON protocol's error body.
private struct ErrorBody: Decodable {
    let type: String?
    let message: String?

    enum CodingKeys: String, CodingKey {
        case type = "__type"
        case message
    }
}

/// The Cognito JSON API over HTTP, signed: one typed call per operation.
struct APIClient {
    let endpoint: String
    let host: String
    let signer: SigV4Signer

    func call<Request: Encodable, Response: Decodable>(_ operation: String, _ request: Request, as: Response.Type) async throws -> Response {
        let body = try JSONEncoder.sorted.encode(request)
        let unsigned = APIRequest(
            method: "POST", rawPath: "/", rawQuery: nil,
            headers: [
                ("Host", host), ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", "AWSCognitoIdentityProviderService.\(operation)"),
            ],
            body: body
        )
        let signed = try signer.sign(unsigned)
        var http = HTTPClientRequest(url: endpoint + "/")
        http.method = .POST
        for (name, value) in signed.headers where name != "Host" { http.headers.add(name: name, value: value) }
        http.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(http, timeout: .seconds(30))
        let data = Data(try await response.body.collect(upTo: 16 << 20).readableBytesView)
        guard response.status == .ok else {
            let failure = try? JSONDecoder().decode(ErrorBody.self, from: data)
            throw APIError(type: failure?.type ?? "HTTP \(response.status.code)", message: failure?.message ?? String(decoding: data, as: UTF8.self))
        }
        return try JSONDecoder.cognito.decode(Response.self, from: data)
    }
}

/// Output as a table for people or JSON lines for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (one object per line) instead of a table.")
    var json = false

    func print(rows: [[String: String]], columns: [String]) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for row in rows { Swift.print(String(decoding: try encoder.encode(row), as: UTF8.self)) }
            return
        }
        let widths = columns.map { column in max(column.count, rows.map { ($0[column] ?? "").count }.max() ?? 0) }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        Swift.print(line(columns.map { $0.uppercased() }))
        for row in rows { Swift.print(line(columns.map { row[$0] ?? "" })) }
    }
}
