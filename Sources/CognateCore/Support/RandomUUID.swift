/// Version 4 UUIDs in Cognito's lowercase form, for `sub`, `jti`, `event_id` and other identifiers.
/// Foundation's `UUID()` opens, reads and closes /dev/urandom on every call on Linux (four system calls,
/// ~1 % of a token refresh's CPU); this draws from the system generator in two reads.
public enum RandomUUID {
    public static func string() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
            raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 9562 variant
            let digits: StaticString = "0123456789abcdef"
            return String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    digits.withUTF8Buffer { hex in
                        out[position] = hex[Int(raw[index] >> 4)]
                        out[position + 1] = hex[Int(raw[index] & 0x0F)]
                    }
                    position += 2
                }
                return position
            }
        }
    }
}
