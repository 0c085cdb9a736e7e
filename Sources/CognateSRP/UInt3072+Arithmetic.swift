/// Full-width addition and subtraction, and a branch-free select: what modular reduction is made of.
///
/// None of these branch on the values. Carries and borrows are taken from 128-bit sums (which
/// compile to `add`/`adc` and `sub`/`sbb`) and kept as the integers 0 and 1, not as `Bool`s:
/// `Bool` carries from `addingReportingOverflow` were compiled into conditional jumps here.
/// Choosing between two results is done with masks. That is what lets `MontgomeryModulus` reduce secret values
/// without a timing difference between "needed a subtraction" and "did not".
extension UInt3072 {
    /// `self + other` modulo 2³⁰⁷², and the carry out (0 or 1).
    func adding(_ other: UInt3072) -> (sum: UInt3072, carry: UInt64) {
        var sum = UInt3072.zero
        let carry = withLimbs { a in
            other.withLimbs { b in
                sum.withMutableLimbs { s in
                    var carry: UInt64 = 0
                    for index in 0 ..< Self.limbCount {
                        let wide = UInt128(a[index]) &+ UInt128(b[index]) &+ UInt128(carry)
                        s[index] = UInt64(truncatingIfNeeded: wide)
                        carry = UInt64(truncatingIfNeeded: wide >> 64)
                    }
                    return carry
                }
            }
        }
        return (sum, carry)
    }

    /// `self − other` modulo 2³⁰⁷², and the borrow out (1 when `self < other`, else 0).
    func subtracting(_ other: UInt3072) -> (difference: UInt3072, borrow: UInt64) {
        var difference = UInt3072.zero
        let borrow = withLimbs { a in
            other.withLimbs { b in
                difference.withMutableLimbs { d in
                    var borrow: UInt64 = 0
                    for index in 0 ..< Self.limbCount {
                        // On a borrow the 128-bit difference wraps: its high half is all ones.
                        let wide = UInt128(a[index]) &- UInt128(b[index]) &- UInt128(borrow)
                        d[index] = UInt64(truncatingIfNeeded: wide)
                        borrow = UInt64(truncatingIfNeeded: wide >> 64) & 1
                    }
                    return borrow
                }
            }
        }
        return (difference, borrow)
    }

    /// `self + other` modulo 2³⁰⁷², and whether the true sum did not fit.
    func addingReportingOverflow(_ other: UInt3072) -> (partialValue: UInt3072, overflow: Bool) {
        let (sum, carry) = adding(other)
        return (sum, carry != 0)
    }

    /// `self − other` modulo 2³⁰⁷², and whether it borrowed (`self < other`).
    func subtractingReportingOverflow(_ other: UInt3072) -> (partialValue: UInt3072, overflow: Bool) {
        let (difference, borrow) = subtracting(other)
        return (difference, borrow != 0)
    }

    /// `choice == 1 ? whenOne : whenZero`, for `choice` 0 or 1, computed with a mask over every
    /// limb of both (the mask goes through ``valueBarrier(_:)`` so that it stays a mask).
    static func select(_ choice: UInt64, _ whenOne: UInt3072, _ whenZero: UInt3072) -> UInt3072 {
        let mask = valueBarrier(0 &- choice)
        var result = UInt3072.zero
        whenOne.withLimbs { one in
            whenZero.withLimbs { zero in
                result.withMutableLimbs { r in
                    for index in 0 ..< limbCount { r[index] = (one[index] & mask) | (zero[index] & ~mask) }
                }
            }
        }
        return result
    }
}
