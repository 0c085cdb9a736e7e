/// Version 4 UUIDs in Cognito's lowercase form, for `sub`, `jti`, `event_id` and other identifiers.
/// Foundation's `UUID()` opens, reads and closes /dev/urandom on every call on Linux (four system calls,
/// ~1 % of a token refresh's CPU); this is one getrandom(2) call and one string allocation.
public enum RandomUUID {
    private static let hexDigits: StaticString = "0123456789abcdef"

    public static func string() -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &bytes) { random in
            SystemEntropy.fill(random)
            random[6] = (random[6] & 0x0F) | 0x40  // version 4
            random[8] = (random[8] & 0x3F) | 0x80  // RFC 9562 variant
            return String(unsafeUninitializedCapacity: 36) { text in
                let digits = hexDigits.utf8Start
                var position = 0
                for (index, byte) in random.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = digits[Int(byte >> 4)]
                    text[position + 1] = digits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }
}
