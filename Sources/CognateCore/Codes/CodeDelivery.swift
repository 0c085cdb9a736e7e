import CognitoModel
import Foundation

/// Puts a message in the outbox for the user's email (or phone) in the caller's transaction, so that
/// a code is never stored without its message nor sent without being stored.
struct CodeDelivery {
    let random: any RandomSource
    let clock: any WallClock

    /// Where a message for `user` goes, as Cognito reports it (masked) in `CodeDeliveryDetails`.
    static func destination(attributes: [String: String], preferring attribute: String = "email") -> (attribute: String, address: String)? {
        for name in [attribute, "email", "phone_number"] {
            if let value = attributes[name], !value.isEmpty { return (name, value) }
        }
        return nil
    }

    func send(
        _ message: MessageTemplates.Message, to destination: (attribute: String, address: String), poolId: String,
        in session: any StoreSession
    ) async throws -> CodeDeliveryDetailsType {
        var outgoing = OutboxMessage(
            id: RandomUUID.string(), poolId: poolId, recipient: destination.address, subject: message.subject,
            body: message.body, createdAt: clock.now().truncatedToMilliseconds
        )
        outgoing.html = message.html
        try await session.insertOutboxMessage(outgoing)
        return Self.details(for: destination)
    }

    static func details(for destination: (attribute: String, address: String)) -> CodeDeliveryDetailsType {
        let isEmail = destination.attribute == "email"
        let masked = isEmail ? MessageTemplates.maskedEmail(destination.address) : "+*******\(destination.address.suffix(4))"
        return CodeDeliveryDetailsType(destination: masked, deliveryMedium: isEmail ? .email : .sms, attributeName: destination.attribute)
    }
}
