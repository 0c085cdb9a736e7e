import CognateCore
import CognateStore
import Foundation
import Hummingbird
import CognateMail
import Logging
import ServiceLifecycle

/// Starts Cognate: opens and migrates the database, resolves the access keys, serves until SIGTERM
/// or SIGINT (letting in-flight requests finish), then closes the database.
public enum ServerRunner {
    public static func serve(_ configuration: ServerConfiguration, logger: Logger) async throws {
        let store = try await openStore(configuration.database, logger: logger)
        do {
            let keys = try CredentialsFile.resolve(configuration, random: SystemRandomSource(), logger: logger)
            let sealer = try MasterKey.resolve(configuration, random: SystemRandomSource(), logger: logger)
            let app = CognateApplication.build(
                configuration: configuration, store: store, accessKeys: keys, sealer: sealer,
                backgroundServices: try mailServices(configuration, store: store, logger: logger), logger: logger
            )
            logger.info(
                "starting Cognate",
                metadata: [
                    "database": "\(configuration.database)", "publicURL": "\(configuration.deployment.publicURL)",
                    "region": "\(configuration.deployment.region)",
                ]
            )
            try await app.runService()
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
        logger.info("stopped")
    }

    /// The outbox's delivery service when SMTP is configured; without it, messages wait in the outbox.
    static func mailServices(_ configuration: ServerConfiguration, store: any Store, logger: Logger) throws -> [any Service] {
        guard let url = configuration.smtpURL else {
            logger.notice("no SMTP server configured: messages stay in the outbox (serve with --dev-outbox to read them)")
            return []
        }
        let settings = try SMTPSettings(url: url)
        let host = URLComponents(string: configuration.deployment.publicURL)?.host ?? "localhost"
        let sender = MailAddress(parsing: configuration.mailFrom ?? "no-reply@\(host)")
        guard sender.isSafe else { throw ConfigurationError("--mail-from must be an email address") }
        return [MailDeliveryService(store: store, client: SMTPClient(settings: settings, logger: logger), defaultSender: sender, logger: logger)]
    }

    /// Opens the database (creating a SQLite file's folder if needed) and applies pending migrations.
    public static func openStore(_ database: DatabaseURL, logger: Logger) async throws -> SQLStore {
        if case .sqlite(let path) = database {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let store = try SQLStore(url: database, logger: logger)
        do {
            try await store.migrate()
        } catch {
            await store.shutdown()
            throw error
        }
        return store
    }
}
