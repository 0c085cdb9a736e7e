import CognateArgon2
import CognateCore
import CognateStore
import Foundation
import Logging

/// Everything `cognate serve` is told, already parsed.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseURL
    public var deployment: Deployment
    /// Where generated or operator-provided access keys live, when not given in the environment.
    public var credentialsFile: String
    /// Access keys given directly (environment), which take precedence over the file.
    public var accessKey: (id: String, secret: String)?
    /// The master key that seals token-signing keys at rest: given (base64 of 32 bytes), or read from
    /// (and on first start generated into) `masterKeyFile`.
    public var masterKey: String?
    public var masterKeyFile: String
    /// Serve `GET /_dev/outbox` (the messages Cognate would send), for development only.
    public var developmentOutbox = false
    /// Where mail goes (`smtp://…`, `smtps://…`); without it, messages stay in the outbox (see `--dev-outbox`).
    public var smtpURL: String?
    /// The sender of messages whose pool names none (`EmailConfiguration.From`).
    public var mailFrom: String?
    /// Argon2id parameters for new password hashes.
    public var passwordParameters: Argon2Parameters = .default
    /// Largest request body accepted on the JSON API.
    public var maximumBodySize: Int = 1 << 20
    public var logLevel: Logger.Level

    public init(
        host: String, port: Int, database: DatabaseURL, deployment: Deployment, credentialsFile: String,
        accessKey: (id: String, secret: String)?, masterKey: String? = nil, masterKeyFile: String? = nil,
        logLevel: Logger.Level
    ) {
        self.masterKey = masterKey
        self.masterKeyFile = masterKeyFile ?? URL(fileURLWithPath: credentialsFile).deletingLastPathComponent()
            .appendingPathComponent("cognate-master-key").path
        self.host = host
        self.port = port
        self.database = database
        self.deployment = deployment
        self.credentialsFile = credentialsFile
        self.accessKey = accessKey
        self.logLevel = logLevel
    }

    /// `cognate-credentials` beside the SQLite file, or in the working directory for PostgreSQL.
    public static func defaultCredentialsFile(for database: DatabaseURL) -> String {
        switch database {
        case .sqlite(let path):
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("cognate-credentials").path
        case .postgres:
            return "cognate-credentials"
        }
    }
}
