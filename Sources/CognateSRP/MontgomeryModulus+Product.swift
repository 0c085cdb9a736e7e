/// The Montgomery product, `a·b·R⁻¹ mod N`: the one hot loop of SRP.
///
/// Coarsely Integrated Operand Scanning (CIOS): for each limb `b[i]`, add `a·b[i]` to a running
/// sum `t`, then add the multiple `m·N` that makes the low limb zero and drop that limb (divide
/// by 2⁶⁴). After 48 rounds `t = (a·b + M·N) / R ≡ a·b·R⁻¹`, and `t < 2N` when `a, b < N`, so one
/// conditional subtraction finishes it. Both additions are done in the same pass over the limbs,
/// which is possible because `m` depends only on the low limb of `t + a·b[i]`.
extension MontgomeryModulus {
    /// `a·b·R⁻¹ mod N`, for `a, b < N`.
    ///
    /// Branch-free: the loops run 48 × 48 times whatever the values, carries are the high halves
    /// of 128-bit sums (compiled to `mul`, `add`, `adc`: no flags turned into jumps), and the final
    /// subtraction is chosen with a mask.
    func montgomeryProduct(_ a: UInt3072, _ b: UInt3072) -> UInt3072 {
        var t = UInt3072.zero
        // The limb above t's 48: t < 2N < 2R throughout, so it is 0 or 1.
        var top: UInt64 = 0
        let n0 = inverseNegated
        a.withLimbs { a in
            b.withLimbs { b in
                modulus.withLimbs { n in
                    t.withMutableLimbs { t in
                        for i in 0 ..< UInt3072.limbCount {
                            let bi = UInt128(b[i])
                            // Limb 0: t[0] + a[0]·b[i] fixes m; adding m·n[0] then clears it.
                            var x = UInt128(a[0]) &* bi &+ UInt128(t[0])
                            let m = UInt64(truncatingIfNeeded: x) &* n0
                            let mWide = UInt128(m)
                            var y = mWide &* UInt128(n[0]) &+ UInt128(UInt64(truncatingIfNeeded: x))
                            // Two carry chains, one for a·b[i] and one for m·N. Each step stays
                            // below 2¹²⁸: (2⁶⁴−1)² + 2·(2⁶⁴−1) = 2¹²⁸ − 1.
                            var carryA = x >> 64
                            var carryN = y >> 64
                            // Limbs 1…47: t[j] + a[j]·b[i] + m·n[j], stored one limb down.
                            for j in 1 ..< UInt3072.limbCount {
                                x = UInt128(a[j]) &* bi &+ UInt128(t[j]) &+ carryA
                                y = mWide &* UInt128(n[j]) &+ UInt128(UInt64(truncatingIfNeeded: x)) &+ carryN
                                carryA = x >> 64
                                carryN = y >> 64
                                t[j - 1] = UInt64(truncatingIfNeeded: y)
                            }
                            // The two carries and the old top limb make the new limbs 47 and 48.
                            let last = UInt128(top) &+ carryA &+ carryN
                            t[UInt3072.limbCount - 1] = UInt64(truncatingIfNeeded: last)
                            top = UInt64(truncatingIfNeeded: last >> 64)
                        }
                    }
                }
            }
        }
        // t (with `top`) is below 2N: subtract N when t ≥ N, that is when the subtraction does
        // not borrow or t has its 3073rd bit.
        let (difference, borrow) = t.subtracting(modulus)
        return UInt3072.select(top | (borrow ^ 1), difference, t)
    }
}
