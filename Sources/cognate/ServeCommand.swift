import CognateArgon2
import ArgumentParser
import CognateCore
import CognateServer
import CognateStore
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server: the Cognito JSON API, health check, and (later) OAuth and the hosted UI."
    )

    @Option(help: "Address to listen on. Env: COGNATE_HOST. Default: 127.0.0.1")
    var host: String?

    @Option(help: "Port to listen on. Env: COGNATE_PORT. Default: 9229")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Base URL that issuers and hosted-UI links use. Env: COGNATE_PUBLIC_URL. Default: http://HOST:PORT")
    var publicURL: String?

    @Option(help: "Region in pool ids, ARNs and SigV4 scopes. Env: COGNATE_REGION. Default: us-east-1")
    var region: String?

    @Option(help: "Account id in ARNs. Env: COGNATE_ACCOUNT_ID. Default: 123456789012")
    var accountId: String?

    @Option(help: "AWS-style credentials file with the keys allowed to call signed operations; generated on first start if missing. Env: COGNATE_CREDENTIALS_FILE. Default: cognate-credentials beside the SQLite file (working directory for PostgreSQL). COGNATE_ACCESS_KEY_ID and COGNATE_SECRET_ACCESS_KEY, when set, replace the file.")
    var credentialsFile: String?

    @Option(help: "SMTP server for outgoing mail: smtp://user:password@host:587 (STARTTLS), smtps://host:465; options ?starttls=required|never, ?verify=none, ?ca=FILE. Env: COGNATE_SMTP_URL. Default: none (messages stay in the outbox)")
    var smtpURL: String?

    @Option(help: "Sender of messages whose pool sets no EmailConfiguration.From. Env: COGNATE_MAIL_FROM. Default: no-reply@PUBLIC-URL-HOST")
    var mailFrom: String?

    @Flag(help: "Serve GET /_dev/outbox, the messages Cognate would send (codes, invitations). Development only. Env: COGNATE_DEV_OUTBOX=1")
    var devOutbox = false

    @Option(help: "File with the master key (base64 of 32 bytes) that seals token-signing keys; generated on first start if missing. Env: COGNATE_MASTER_KEY_FILE; COGNATE_MASTER_KEY gives the key itself. Default: cognate-master-key beside the credentials file")
    var masterKeyFile: String?

    @Option(help: "Argon2id memory in KiB, iterations and parallelism for new password hashes, as m,t,p. Env: COGNATE_ARGON2. Default: 19456,2,1 (OWASP)")
    var argon2: String?

    func run() async throws {
        let logger = try database.makeLogger()
        let host = host ?? Environment.value("COGNATE_HOST") ?? "127.0.0.1"
        let portText = port.map(String.init) ?? Environment.value("COGNATE_PORT") ?? "9229"
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ValidationError("--port: \(portText) is not a port number")
        }
        let region = region ?? Environment.value("COGNATE_REGION") ?? "us-east-1"
        guard region.range(of: #"^[a-z]{2}(-[a-z]+)+-[0-9]+$"#, options: .regularExpression) != nil else {
            throw ValidationError("--region: \(region) is not a region name like us-east-1")
        }
        let accountId = accountId ?? Environment.value("COGNATE_ACCOUNT_ID") ?? "123456789012"
        guard accountId.count == 12, accountId.allSatisfy(\.isNumber) else {
            throw ValidationError("--account-id: an account id is 12 digits")
        }
        let publicURL = publicURL ?? Environment.value("COGNATE_PUBLIC_URL") ?? "http://\(host):\(port)"
        let databaseURL = try database.databaseURL()
        var accessKey: (id: String, secret: String)?
        if let id = Environment.value("COGNATE_ACCESS_KEY_ID") {
            guard let secret = Environment.value("COGNATE_SECRET_ACCESS_KEY") else {
                throw ValidationError("COGNATE_ACCESS_KEY_ID is set but COGNATE_SECRET_ACCESS_KEY is not")
            }
            accessKey = (id, secret)
        }
        var configuration = ServerConfiguration(
            host: host, port: port, database: databaseURL,
            deployment: Deployment(
                region: region, accountId: accountId,
                publicURL: publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
            ),
            credentialsFile: credentialsFile ?? Environment.value("COGNATE_CREDENTIALS_FILE")
                ?? ServerConfiguration.defaultCredentialsFile(for: databaseURL),
            accessKey: accessKey,
            masterKey: Environment.value("COGNATE_MASTER_KEY"),
            masterKeyFile: masterKeyFile ?? Environment.value("COGNATE_MASTER_KEY_FILE"),
            logLevel: try database.level()
        )
        configuration.developmentOutbox = devOutbox || Environment.value("COGNATE_DEV_OUTBOX") == "1"
        configuration.smtpURL = smtpURL ?? Environment.value("COGNATE_SMTP_URL")
        configuration.mailFrom = mailFrom ?? Environment.value("COGNATE_MAIL_FROM")
        if let text = argon2 ?? Environment.value("COGNATE_ARGON2") {
            let parts = text.split(separator: ",").compactMap { Int($0) }
            guard parts.count == 3, parts[0] >= 8 * parts[2], parts[1] >= 1, parts[2] >= 1 else {
                throw ValidationError("--argon2: give memory KiB, iterations and parallelism as m,t,p (e.g. 19456,2,1)")
            }
            configuration.passwordParameters = Argon2Parameters(memoryKiB: parts[0], iterations: parts[1], parallelism: parts[2])
        }
        try await ServerRunner.serve(configuration, logger: logger)
    }
}
