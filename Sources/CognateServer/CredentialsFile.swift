import CognateCore
import Foundation
import Logging

/// The operators' access keys in the AWS shared-credentials format, so the same file works with
/// `AWS_SHARED_CREDENTIALS_FILE` for the AWS CLI, boto3 and Terraform.
public enum CredentialsFile {
    /// Reads every `aws_access_key_id`/`aws_secret_access_key` pair in the file.
    public static func read(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var keys: [String: String] = [:]
        var id: String?
        var secret: String?
        func flush() {
            if let id, let secret { keys[id] = secret }
            id = nil
            secret = nil
        }
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") { flush(); continue }
            guard !line.hasPrefix("#"), !line.hasPrefix(";"), let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if name == "aws_access_key_id" { id = value }
            if name == "aws_secret_access_key" { secret = value }
        }
        flush()
        return keys
    }

    /// Writes a new random key pair to `path`, readable by its owner only.
    public static func generate(_ path: String, random: any RandomSource) throws -> (id: String, secret: String) {
        let id = "AKID" + random.string(length: 16, alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
        let secret = random.string(length: 40, alphabet: .alphanumeric)
        let text = """
            # Access keys for Cognate's signed API, written on first start.
            # Use with: AWS_SHARED_CREDENTIALS_FILE=\(path) aws cognito-idp ... --endpoint-url URL
            [default]
            aws_access_key_id = \(id)
            aws_secret_access_key = \(secret)

            """
        try PrivateFile.create(path, contents: text)
        return (id, secret)
    }

    /// The keys to accept: the configured pair, else the file's, else a pair generated into the file.
    public static func resolve(_ configuration: ServerConfiguration, random: any RandomSource, logger: Logger) throws -> [String: String] {
        if let key = configuration.accessKey {
            return [key.id: key.secret]
        }
        let path = configuration.credentialsFile
        if FileManager.default.fileExists(atPath: path) {
            let keys = try read(path)
            if keys.isEmpty { logger.warning("credentials file holds no keys", metadata: ["path": "\(path)"]) }
            return keys
        }
        let key = try generate(path, random: random)
        logger.notice("generated access keys for the signed API", metadata: ["path": "\(path)", "accessKeyId": "\(key.id)"])
        return [key.id: key.secret]
    }
}
