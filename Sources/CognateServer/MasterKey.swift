import CognateCore
import Foundation
import Logging

/// The deployment's master key: `COGNATE_MASTER_KEY`, else the key file, else a new key written to the
/// key file. Every node of a deployment must share it, or tokens signed on one will not verify on another.
public enum MasterKey {
    public static func resolve(_ configuration: ServerConfiguration, random: any RandomSource, logger: Logger) throws -> KeySealer {
        try resolve(given: configuration.masterKey, file: configuration.masterKeyFile, random: random, logger: logger)
    }

    public static func resolve(given: String?, file path: String, random: any RandomSource, logger: Logger) throws -> KeySealer {
        if let given {
            guard let sealer = KeySealer(base64: given) else {
                throw ConfigurationError("COGNATE_MASTER_KEY must be the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)")
            }
            return sealer
        }
        if !FileManager.default.fileExists(atPath: path) {
            try PrivateFile.create(path, contents: Data(random.bytes(32)).base64EncodedString() + "\n")
            logger.notice("generated the master key that seals signing keys", metadata: ["path": "\(path)"])
        }
        guard let sealer = KeySealer(base64: try String(contentsOfFile: path, encoding: .utf8)) else {
            throw ConfigurationError("\(path) does not hold a base64 key of 32 bytes")
        }
        return sealer
    }
}

/// A configuration problem worth stopping for, with a message that says how to fix it.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
