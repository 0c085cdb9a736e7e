import CognateArgon2
import Dispatch
import Foundation

/// Hashes and verifies passwords off Swift's cooperative thread pool: a memory-hard hash holds a
/// thread for tens of milliseconds, and the cooperative pool has only as many threads as cores.
/// At most `concurrency` hashes run at once, which also bounds their memory (19 MiB each by default).
public final class PasswordHasher: Sendable {
    public let parameters: Argon2Parameters
    private let queue = DispatchQueue(label: "cognate.password-hashing", attributes: .concurrent)
    private let slots: DispatchSemaphore
    private let random: any RandomSource

    public init(parameters: Argon2Parameters = .default, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, random: any RandomSource) {
        self.parameters = parameters
        self.slots = DispatchSemaphore(value: max(1, concurrency))
        self.random = random
    }

    /// A PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) for a new password.
    public func hash(_ password: String) async -> String {
        let salt = random.bytes(16)
        let parameters = parameters
        return await offload { PasswordHash(password: Array(password.utf8), salt: salt, parameters: parameters).phc }
    }

    /// Whether `password` matches `phc`, and whether the stored hash should be replaced because it was
    /// made with other parameters (or another algorithm, for imported users).
    public func verify(_ password: String, against phc: String) async -> (matches: Bool, needsRehash: Bool) {
        let parameters = parameters
        return await offload {
            if let imported = ImportedPasswordHash(phc) {
                let matches = imported.verify(Array(password.utf8))
                return (matches, matches)
            }
            let matches = PasswordHash.verify(password: Array(password.utf8), phc: phc)
            return (matches, matches && PasswordHash.needsRehash(phc: phc, parameters: parameters))
        }
    }

    /// Spends the time a real verification would, so that "no such user" and "wrong password" take as long.
    public func burn(_ password: String) async {
        _ = await hash(password)
    }

    /// Runs CPU-heavy work (hashes, SRP's modular exponentiations) off the cooperative pool, within
    /// the same concurrency limit as hashing.
    func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { [slots] in
                slots.wait()
                let result = work()
                slots.signal()
                continuation.resume(returning: result)
            }
        }
    }
}
