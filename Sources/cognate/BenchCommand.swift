import ArgumentParser
import CognateArgon2
import CognateCore
import Foundation

/// `cognate bench`: the per-core speed of the work that bounds sign-in and refresh throughput, measured
/// in this binary (build it with `-c release` for meaningful figures). `scripts/bench` adds the HTTP
/// figures and argon2-cffi's speed, and prints them side by side.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure password hashing, token signing and SRP on one core; prints JSON with --json.",
        subcommands: [ListUsersBenchmark.self]
    )

    @Option(help: "Seconds to spend on each measurement.")
    var seconds: Double = 3

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    /// `scripts/bench` measures a bound again right before and after the HTTP figure it bounds, so that a
    /// machine whose speed drifts (shared VMs) compares like with like.
    @Option(help: "Measure only this: argon2 (hashing alone and on all cores) or rs256 (signing alone and on all cores).")
    var only: Only?

    enum Only: String, ExpressibleByArgument {
        case argon2, rs256
    }

    func run() async throws {
        var figures: [String: Double] = [:]
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if only == nil || only == .argon2 {
            let parameters = Argon2Parameters.default
            let salt = [UInt8](repeating: 7, count: 16)
            let hash: @Sendable () -> Void = {
                _ = PasswordHash(password: Array("benchmark-password".utf8), salt: salt, parameters: parameters)
            }
            figures["argon2id_hashes_per_second_per_core"] = rate(seconds, hash)
            // Every core hashing at once: the hashes share the last-level cache and memory bandwidth (19 MiB
            // each), which is what a server signing people in on every core really gets.
            figures["argon2id_hashes_per_second_all_cores"] = await parallelRate(seconds, threads: cores, hash)
        }
        if only == nil || only == .rs256 {
            let signer = try BenchmarkSigner()
            figures["rs256_signatures_per_second_per_core"] = rate(seconds) { signer.sign() }
            // The same with every core signing at once: what a server under load can really reach (shared
            // caches and memory bandwidth make each core slower than when it signs alone).
            figures["rs256_signatures_per_second_all_cores"] = await parallelRate(seconds, threads: cores) { signer.sign() }
        }
        if only == nil {
            figures["rs256_verifications_per_second_per_core"] = try await VerifierBenchmark().rate(seconds)
            let srp = BenchmarkSRP()
            figures["srp_verifiers_per_second_per_core"] = rate(seconds) { srp.verifier() }
        }
        figures["cores"] = Double(cores)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        } else {
            for (name, value) in figures.sorted(by: { $0.key < $1.key }) {
                print(name.padding(toLength: 40, withPad: " ", startingAt: 0), String(format: "%10.1f", value))
            }
        }
    }

    /// Operations per second of `body` run on `threads` threads at once, summed.
    func parallelRate(_ seconds: Double, threads: Int, _ body: @escaping @Sendable () -> Void) async -> Double {
        await withTaskGroup(of: Double.self) { group in
            for _ in 0..<threads {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        Thread.detachNewThread { continuation.resume(returning: rate(seconds, body)) }
                    }
                }
            }
            return await group.reduce(0, +)
        }
    }

    /// Operations per second of `body` on this thread, over about `seconds`.
    func rate(_ seconds: Double, _ body: () -> Void) -> Double {
        body()  // warm up
        let start = DispatchTime.now().uptimeNanoseconds
        var count = 0
        while true {
            body()
            count += 1
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed >= seconds { return Double(count) / elapsed }
        }
    }
}
