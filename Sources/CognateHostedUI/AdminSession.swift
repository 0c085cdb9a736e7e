import CognateCore
import Foundation
import Synchronization

/// The operator's console session, sealed in the `cognate-admin` cookie: which access key signed in,
/// until when, and the CSRF token every form of the session carries.
struct AdminSession: Codable, Sendable {
    let accessKeyId: String
    let expiresAt: Date
    let csrf: String

    static let cookie = "cognate-admin"
    static let lifetime: TimeInterval = 8 * 3600
    static let sealingContext = "cognate admin console session"
}

/// Repeated wrong secrets for one access key from one address lock that pair out of the console for a while,
/// on this node: the secret is long and random, so this only slows guessing further, and keying on the
/// address too means nobody can lock the operator out from elsewhere.
final class ConsoleSignInThrottle: Sendable {
    static let allowedFailures = 5
    static let lockout: TimeInterval = 15 * 60

    private let failures = Mutex<[String: (count: Int, lockedUntil: Date?)]>([:])

    func isLocked(_ keyId: String, now: Date) -> Bool {
        failures.withLock { state in
            guard let until = state[keyId]?.lockedUntil else { return false }
            if until > now { return true }
            state[keyId] = nil
            return false
        }
    }

    func failed(_ keyId: String, now: Date) {
        failures.withLock { state in
            var entry = state[keyId] ?? (0, nil)
            entry.count += 1
            if entry.count >= Self.allowedFailures { entry = (0, now.addingTimeInterval(Self.lockout)) }
            if state.count > 10_000 { state.removeAll() }  // bounded memory under a flood of invented key ids
            state[keyId] = entry
        }
    }

    func succeeded(_ keyId: String) {
        failures.withLock { _ = $0.removeValue(forKey: keyId) }
    }
}
