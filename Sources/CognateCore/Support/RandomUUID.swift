import Foundation

/// Version 4 UUIDs in Cognito's lowercase form, for `sub`, `jti`, `event_id` and other identifiers.
/// Foundation's `UUID()` opens, reads and closes /dev/urandom on every call on Linux (four system calls,
/// ~1 % of a token refresh's CPU); this draws from the system generator in two reads.
public enum RandomUUID {
    public static func string() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = withUnsafeBytes(of: (generator.next() as UInt64, generator.next() as UInt64)) { Data($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        var hex = Substring(bytes.hexEncoded)
        return [8, 4, 4, 4, 12].map { length in
            defer { hex = hex.dropFirst(length) }
            return String(hex.prefix(length))
        }.joined(separator: "-")
    }
}
