import Dispatch
import Synchronization

/// Runs short CPU-bound work (RSA signatures, ~1.5 ms each) on Dispatch's threads instead of the event
/// loops that run Swift concurrency here. On an event loop, a signature delays every database reply and
/// socket read queued behind it; off it, the kernel shares the cores between both and replies keep flowing.
enum ComputeQueue {
    private static let queue = DispatchQueue(label: "cognate.compute", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
