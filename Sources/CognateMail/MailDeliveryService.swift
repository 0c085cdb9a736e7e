import CognateCore
import CognitoModel
import Foundation
import Logging
import ServiceLifecycle

/// Sends the outbox: messages written in the same transaction as the codes they carry are leased,
/// sent over SMTP, and marked sent; transient failures are retried with exponential backoff, permanent
/// ones (5xx) marked failed and logged. Runs on every node; leases keep two nodes off one message, and
/// messages left by a stopped node are sent after a restart.
public struct MailDeliveryService: Service {
    let store: any Store
    let client: SMTPClient
    let defaultSender: MailAddress
    let logger: Logger
    let pollInterval: Duration
    /// How long a node may hold a message before another may take it (longer than an SMTP session's deadline).
    let lease: TimeInterval
    static let maximumBackoff: TimeInterval = 3600

    public init(store: any Store, client: SMTPClient, defaultSender: MailAddress, logger: Logger, pollInterval: Duration = .seconds(1)) {
        self.store = store
        self.client = client
        self.defaultSender = defaultSender
        self.logger = logger
        self.pollInterval = pollInterval
        self.lease = TimeInterval(client.settings.timeout) * 2 + 30
    }

    public func run() async throws {
        logger.info("delivering mail", metadata: ["smtp": "\(client.settings.redacted)"])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let delivered = await deliverDueMessages()
                if delivered == 0 { try? await Task.sleep(for: pollInterval) }
            }
        }
    }

    /// One pass over the messages that are due; returns how many were handled.
    func deliverDueMessages() async -> Int {
        let now = Date()
        let batch: [OutboxMessage]
        do {
            batch = try await store.claimOutboxMessages(now: now, leaseUntil: now.addingTimeInterval(lease), limit: 10)
        } catch {
            logger.warning("could not read the outbox", metadata: ["error": "\(error)"])
            return 0
        }
        for message in batch {
            await deliver(message)
        }
        return batch.count
    }

    func deliver(_ message: OutboxMessage) async {
        let metadata: Logger.Metadata = ["message": "\(message.id)", "pool": "\(message.poolId)", "attempt": "\(message.attempts + 1)"]
        do {
            let configuration = try await store.userPool(id: message.poolId)?.description.emailConfiguration
            let mail = MailMessage(
                from: Self.sender(configuration, default: defaultSender), to: [MailAddress(message.recipient)],
                replyTo: configuration?.replyToEmailAddress.map { MailAddress($0) }, subject: message.subject, text: message.body,
                html: message.html, date: Date(), messageID: "\(message.id)@\(Self.domain(of: defaultSender.address))"
            )
            try await client.send(mail)
            try await store.markOutboxMessageSent(id: message.id, at: Date())
            logger.info("sent message", metadata: metadata)
        } catch let error as SMTPError where !error.isTransient {
            logger.error("message refused for good", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            try? await store.markOutboxMessageFailed(id: message.id, at: Date(), error: "\(error)")
        } catch {
            let attempts = message.attempts + 1
            let delay = min(pow(2, Double(attempts - 1)) * 5, Self.maximumBackoff)
            logger.warning("message not sent; will retry", metadata: metadata.merging(["error": "\(error)", "retryIn": "\(Int(delay))s"]) { $1 })
            try? await store.rescheduleOutboxMessage(
                id: message.id, attempts: attempts, nextAttempt: Date().addingTimeInterval(delay), error: "\(error)"
            )
        }
    }

    /// The pool's `EmailConfiguration.From` (`Name <address>` or a bare address), else the deployment's sender.
    static func sender(_ configuration: EmailConfigurationType?, default fallback: MailAddress) -> MailAddress {
        guard let from = configuration?.from?.trimmingCharacters(in: .whitespaces), !from.isEmpty else { return fallback }
        return MailAddress(parsing: from)
    }

    static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "cognate.local"
    }
}

extension MailAddress {
    /// `Name <address>`, `"Name" <address>` or a bare address.
    public init(parsing text: String) {
        let from = text.trimmingCharacters(in: .whitespaces)
        if let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close {
            let name = from[..<open].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            self.init(String(from[from.index(after: open)..<close]), name: name.isEmpty ? nil : name)
        } else {
            self.init(from)
        }
    }
}
