/// Arithmetic modulo a fixed 3072-bit odd `N`, by Montgomery's method.
///
/// Montgomery multiplication replaces the division in `a·b mod N` by multiplications and shifts:
/// with `R = 2³⁰⁷²`, it computes `a·b·R⁻¹ mod N`. Numbers are therefore kept "in Montgomery form"
/// (`x·R mod N`) during an exponentiation; converting in and out costs one multiplication each,
/// by `R² mod N` and by 1. This type holds the constants that need (`N' = −N⁻¹ mod 2⁶⁴`,
/// `R mod N`, `R² mod N`), all derived once from `N`.
///
/// `N` must have its top bit set (`2³⁰⁷¹ < N < 2³⁰⁷²`), as any 3072-bit number does.
/// Then any 3072-bit value is below `2N`, so one conditional subtraction reduces it; the
/// reductions here rely on that.
///
/// Timing: past `init` (which only sees the public `N`), every operation runs the same
/// instructions whatever the values (see ``power(_:_:)`` for what that does and does not cover).
package struct MontgomeryModulus: Sendable, Hashable {
    /// `N`.
    let modulus: UInt3072
    /// `−N⁻¹ mod 2⁶⁴`: multiplying the low limb of a partial sum by it gives the multiple of `N`
    /// that clears that limb.
    let inverseNegated: UInt64
    /// `R mod N`: 1 in Montgomery form.
    let one: UInt3072
    /// `R² mod N`: multiplying by it in Montgomery's way moves a value into Montgomery form.
    let rSquared: UInt3072

    /// Derives the constants for `modulus`, which must be odd and have its top bit set.
    init(modulus: UInt3072) {
        precondition(modulus[limb: 0] & 1 == 1, "Montgomery's method needs an odd modulus")
        precondition(modulus[limb: UInt3072.limbCount - 1] >> 63 == 1, "the modulus must have its top bit set")
        self.modulus = modulus
        inverseNegated = 0 &- Self.inverse(ofOdd: modulus[limb: 0])
        // R mod N is 2³⁰⁷² − N, since N < 2³⁰⁷² < 2N: in 3072 bits, 0 − N.
        one = UInt3072.zero.subtracting(modulus).difference
        // R² mod N = R·2³⁰⁷² mod N: double R mod N 3072 times. 3072 additions once per group
        // are cheaper than any cleverness, and leave nothing to get wrong or to hard-code (a test
        // recomputes it independently).
        var value = one
        for _ in 0 ..< 8 * UInt3072.byteCount {
            value = Self.add(value, value, modulo: modulus)
        }
        rSquared = value
    }

    /// `x⁻¹ mod 2⁶⁴` for odd `x`, by Newton's iteration: `y ← y·(2 − x·y)` doubles the number
    /// of correct low bits, and `y = x` is already correct to 3 bits (`x·x ≡ 1 mod 8`).
    static func inverse(ofOdd x: UInt64) -> UInt64 {
        var y = x
        for _ in 0 ..< 5 { y = y &* (2 &- x &* y) } // 3 → 6 → 12 → 24 → 48 → 96 bits
        return y
    }

    // MARK: Reduction, addition and subtraction

    /// `value mod N` for any 3072-bit `value` (below `2N`, so at most one subtraction).
    package func reduce(_ value: UInt3072) -> UInt3072 {
        let (difference, borrow) = value.subtracting(modulus)
        return UInt3072.select(borrow, value, difference)
    }

    /// `(a + b) mod N`, for any 3072-bit `a` and `b`.
    package func add(_ a: UInt3072, _ b: UInt3072) -> UInt3072 {
        Self.add(reduce(a), reduce(b), modulo: modulus)
    }

    /// `(a − b) mod N`, for any 3072-bit `a` and `b`.
    package func subtract(_ a: UInt3072, _ b: UInt3072) -> UInt3072 {
        let (difference, borrow) = reduce(a).subtracting(reduce(b))
        let corrected = difference.adding(modulus).sum
        return UInt3072.select(borrow, corrected, difference)
    }

    /// `(a + b) mod N` for `a, b < N`: the sum is below `2N` but may need a 3073rd bit.
    private static func add(_ a: UInt3072, _ b: UInt3072, modulo modulus: UInt3072) -> UInt3072 {
        let (sum, carry) = a.adding(b)
        let (difference, borrow) = sum.subtracting(modulus)
        // Subtract N when the sum is at least N: it did not borrow, or it carried out (then the
        // true sum is ≥ 2³⁰⁷² > N, and the wrapped difference is the answer).
        return UInt3072.select(carry | (borrow ^ 1), difference, sum)
    }

    // MARK: Multiplication

    /// `(a · b) mod N`, for any 3072-bit `a` and `b`: two Montgomery products, since
    /// `(a·b·R⁻¹)·R²·R⁻¹ = a·b`.
    package func multiply(_ a: UInt3072, _ b: UInt3072) -> UInt3072 {
        montgomeryProduct(montgomeryProduct(reduce(a), reduce(b)), rSquared)
    }

    /// `x·R mod N`, for `x < N`.
    func toMontgomery(_ x: UInt3072) -> UInt3072 {
        montgomeryProduct(x, rSquared)
    }

    /// `x·R⁻¹ mod N`: back from Montgomery form.
    func fromMontgomery(_ x: UInt3072) -> UInt3072 {
        montgomeryProduct(x, UInt3072(1))
    }
}
