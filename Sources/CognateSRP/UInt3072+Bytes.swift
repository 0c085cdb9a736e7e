/// Big-endian bytes in and out: SRP values travel and are hashed as big-endian byte strings.
extension UInt3072 {
    /// The unsigned big-endian integer in `bytes`, or `nil` if it needs more than 3072 bits.
    /// Leading zero bytes are allowed, however many.
    public init?(bigEndian bytes: [UInt8]) {
        self = .zero
        var position = 0 // bytes from the least significant end
        for byte in bytes.reversed() {
            if position < Self.byteCount {
                let limb = position / 8
                self[limb: limb] |= UInt64(byte) << (8 * UInt64(position % 8))
            } else if byte != 0 {
                return nil
            }
            position += 1
        }
    }

    /// The minimal big-endian bytes: no leading zero byte, empty for zero (as most big-integer
    /// libraries serialise). ``SRPEncoding`` builds Cognito's padded form from it.
    ///
    /// The length of the result depends on the value, so this is not for secrets whose size
    /// must not show; the protocol only serialises public values and the session secret `S`,
    /// whose length the clients reveal in the same way.
    public var bigEndianBytes: [UInt8] {
        let full = bigEndianBytes(count: Self.byteCount)
        guard let first = full.firstIndex(where: { $0 != 0 }) else { return [] }
        return Array(full[first...])
    }

    /// Exactly `count` big-endian bytes, zeros in front. The value must fit in `count` bytes.
    func bigEndianBytes(count: Int) -> [UInt8] {
        precondition(count >= 0)
        var bytes = [UInt8](repeating: 0, count: count)
        for position in 0 ..< max(count, Self.byteCount) {
            let byte = position < Self.byteCount ? UInt8(truncatingIfNeeded: self[limb: position / 8] >> (8 * UInt64(position % 8))) : 0
            if position < count {
                bytes[count - 1 - position] = byte
            } else {
                precondition(byte == 0, "value does not fit in \(count) bytes")
            }
        }
        return bytes
    }
}
