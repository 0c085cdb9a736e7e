/// Modular exponentiation with a fixed 4-bit window.
///
/// Left to right, the exponent is read 4 bits at a time (two windows per byte): square four
/// times, then multiply by `base^window` from a table of the 16 powers `base⁰ … base¹⁵`. That is
/// one multiplication per 4 exponent bits instead of up to one per bit, and for SRP's 256-bit
/// exponents 4 bits is the best width (the 14 table multiplications are paid every time). The
/// multiplication is done for every window, including 0 (by `base⁰ = 1`), so the sequence of
/// operations depends only on the exponent's length in bytes.
///
/// What is and is not constant-time:
/// - Constant: the sequence of squarings and multiplications (fixed by `exponent.count`), the
///   Montgomery products themselves (no branches on values, see ``montgomeryProduct(_:_:)``),
///   the table lookup (it reads all 16 entries and keeps one with a mask, so neither branches nor
///   memory addresses depend on the window), and the reductions (masked selects).
/// - Not hidden: the exponent's length in bytes, including its leading zero bytes (callers
///   pass fixed-length exponents: 32-byte hashes, `b` as drawn). Converting to and from bytes
///   and hex is not constant-time (the minimal forms have value-dependent lengths); the
///   protocol only does that to public values and to `S`, whose padded length every client
///   reveals the same way.
/// - Not guaranteed: this is plain Swift, so nothing forbids the compiler from turning a mask
///   back into a branch. ``valueBarrier(_:)`` stops the one rewrite we saw (in the table lookup),
///   and the x86-64 code of the release and the debug (`-O`) builds was read: the only
///   conditional jumps left in the product, the lookup, the selects and the carry loops are
///   loop counters, pointer-overlap checks and the stack protector. Nothing re-checks that on
///   every build or on arm64. Whether `UInt64` multiplication is constant-time is up to the CPU
///   (it is on current x86-64 and arm64 server cores). Nothing here is hardened against power
///   analysis.
extension MontgomeryModulus {
    /// Number of exponent bits per window.
    private static let windowBits = 4
    /// Entries in the table of powers, `2^windowBits`.
    private static let tableSize = 1 << windowBits

    /// `base^exponent mod N`.
    ///
    /// - Parameters:
    ///   - base: any 3072-bit value; reduced modulo `N` first.
    ///   - exponent: big-endian bytes, any length (leading zeros allowed); empty means 0.
    /// - Returns: the result in `0 ..< N` (`1` for a zero exponent, even with base 0).
    package func power(_ base: UInt3072, _ exponent: [UInt8]) -> UInt3072 {
        withUnsafeTemporaryAllocation(of: UInt3072.self, capacity: Self.tableSize) { table in
            // table[w] = base^w in Montgomery form.
            table.initialize(repeating: one)
            table[1] = toMontgomery(reduce(base))
            for index in 2 ..< Self.tableSize {
                table[index] = montgomeryProduct(table[index - 1], table[1])
            }
            // Squaring 1 before the first window is wasted work, but the same for every exponent.
            var accumulator = one
            func step(_ window: UInt8) {
                for _ in 0 ..< Self.windowBits {
                    accumulator = montgomeryProduct(accumulator, accumulator)
                }
                accumulator = montgomeryProduct(accumulator, Self.entry(Int(window), of: table))
            }
            for byte in exponent {
                step(byte >> 4)
                step(byte & 0x0F)
            }
            return fromMontgomery(accumulator)
        }
    }

    /// `table[index]`, read without an index-dependent branch or address: every entry is read,
    /// and all but the wanted one are masked away.
    private static func entry(_ index: Int, of table: UnsafeMutableBufferPointer<UInt3072>) -> UInt3072 {
        var result = UInt3072.zero
        result.withMutableLimbs { r in
            for candidate in 0 ..< table.count {
                // All ones when candidate == index, else zero: (d | −d) has its top bit set iff d ≠ 0.
                // Without the barrier the compiler turns this back into a branch on candidate == index.
                let difference = UInt64(truncatingIfNeeded: candidate ^ index)
                let mask = valueBarrier(((difference | (0 &- difference)) >> 63) &- 1)
                table[candidate].withLimbs { entry in
                    for limb in 0 ..< UInt3072.limbCount { r[limb] |= entry[limb] & mask }
                }
            }
        }
        return result
    }
}
