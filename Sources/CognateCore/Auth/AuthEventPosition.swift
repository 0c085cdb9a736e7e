import Foundation

/// Where a page of a user's auth events ended: events come newest first, ties broken by event id.
public struct AuthEventPosition: Sendable, Equatable {
    public var createdAt: Date
    public var eventId: String

    public init(createdAt: Date, eventId: String) {
        self.createdAt = createdAt
        self.eventId = eventId
    }

    var token: String {
        PageToken.encode("\(Int64((createdAt.timeIntervalSince1970 * 1000).rounded())):\(eventId)")
    }

    init(token: String) throws {
        let text = try PageToken.decode(token)
        guard let colon = text.firstIndex(of: ":"), let millis = Int64(text[..<colon]) else {
            throw CognitoError.invalidParameter("The pagination token is invalid.")
        }
        self.init(createdAt: Date(timeIntervalSince1970: Double(millis) / 1000), eventId: String(text[text.index(after: colon)...]))
    }
}
