import Foundation

/// Cognito's lockout: after 5 consecutive wrong passwords a user is locked out for 1 second, doubling
/// with each further failure up to 15 minutes. Attempts during a lockout are refused without counting,
/// so they do not lengthen it. The counter lives on the user's row, so every node sees it.
enum Lockout {
    static let freeAttempts = 5
    static let maximumLockout: TimeInterval = 900

    static func check(_ user: UserRecord, now: Date) throws {
        if let until = user.lockedUntil, until > now {
            throw CognitoError.notAuthorized("Password attempts exceeded")
        }
    }

    /// The user after one more wrong password.
    static func failed(_ user: UserRecord, now: Date) -> UserRecord {
        var user = user
        user.failedAttempts += 1
        let over = user.failedAttempts - freeAttempts
        if over >= 0 {
            user.lockedUntil = now.addingTimeInterval(min(pow(2, Double(over)), maximumLockout))
        }
        return user
    }

    static func succeeded(_ user: UserRecord) -> UserRecord {
        var user = user
        user.failedAttempts = 0
        user.lockedUntil = nil
        return user
    }
}
