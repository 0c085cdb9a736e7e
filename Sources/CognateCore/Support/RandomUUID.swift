import Foundation

/// Version 4 UUIDs in Cognito's lowercase form, for `sub`, `jti`, `event_id` and other identifiers.
/// Foundation's `UUID()` opens, reads and closes /dev/urandom on every call on Linux (four system calls,
/// ~1 % of a token refresh's CPU); this is one getentropy(3) call.
public enum RandomUUID {
    public static func string() -> String {
        var bytes = Data(count: 16)
        bytes.withUnsafeMutableBytes { SystemEntropy.fill($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, digit) in bytes.hexEncoded.utf8.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { text.append(UInt8(ascii: "-")) }
            text.append(digit)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
