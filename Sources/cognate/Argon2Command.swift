import ArgumentParser
import CognateArgon2
import Foundation

/// `cognate argon2`: hashes the cases given as JSON on standard input and prints one hex tag per line,
/// so that the tests can compare Cognate's Argon2id with the reference C implementation (argon2-cffi).
struct Argon2Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "argon2",
        abstract: "Hash Argon2id test cases from standard input (JSON) and print the tags, for cross-checking.",
        shouldDisplay: false
    )

    struct Case: Decodable {
        var password: String
        var salt: String
        var secret: String?
        var ad: String?
        var m: Int
        var t: Int
        var p: Int
        var len: Int
    }

    func run() throws {
        let cases = try JSONDecoder().decode([Case].self, from: FileHandle.standardInput.readDataToEndOfFile())
        for item in cases {
            guard let password = Self.bytes(item.password), let salt = Self.bytes(item.salt) else {
                throw ValidationError("password and salt must be hexadecimal")
            }
            let tag = Argon2id.hash(
                password: password, salt: salt, memoryKiB: item.m, iterations: item.t, parallelism: item.p,
                outputLength: item.len, secret: item.secret.flatMap(Self.bytes) ?? [], associatedData: item.ad.flatMap(Self.bytes) ?? []
            )
            print(tag.map { String(format: "%02x", $0) }.joined())
        }
    }

    static func bytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        return try? stride(from: 0, to: digits.count, by: 2).map { index in
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { throw ValidationError("hex") }
            return byte
        }
    }
}
