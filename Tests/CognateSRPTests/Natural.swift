@testable import CognateSRP

/// A slow, plainly correct natural number of any size, written for the tests only, to check the
/// library's fixed-width Montgomery arithmetic against something that shares no code or method with
/// it: just schoolbook addition, subtraction and comparison on an array of limbs. Modular
/// multiplication is shift-and-add, exponentiation is square-and-multiply, bit by bit.
struct Natural: Equatable, Comparable, CustomStringConvertible {
    /// Little-endian limbs without high zero limbs (zero is `[]`).
    private(set) var limbs: [UInt64]

    init(limbs: [UInt64]) {
        var limbs = limbs
        while limbs.last == 0 { limbs.removeLast() }
        self.limbs = limbs
    }

    init(_ value: UInt64) {
        self.init(limbs: [value])
    }

    /// The integer in big-endian `bytes`.
    init(bytes: [UInt8]) {
        var limbs = [UInt64](repeating: 0, count: (bytes.count + 7) / 8)
        for (position, byte) in bytes.reversed().enumerated() {
            limbs[position / 8] |= UInt64(byte) << (8 * UInt64(position % 8))
        }
        self.init(limbs: limbs)
    }

    init(hex: String) {
        self.init(bytes: CognateSRPTests.bytes(hex: hex.count % 2 == 1 ? "0" + hex : hex))
    }

    init(_ value: UInt3072) {
        self.init(bytes: value.bigEndianBytes)
    }

    /// Minimal big-endian bytes (empty for zero).
    var bytes: [UInt8] {
        var bytes = [UInt8]()
        for limb in limbs.reversed() {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        return Array(bytes.drop(while: { $0 == 0 }))
    }

    /// As the library's type; the value must fit.
    var fixedWidth: UInt3072 {
        UInt3072(bigEndian: bytes)!
    }

    /// Shortest lowercase hex, "0" for zero.
    var description: String {
        let text = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
        let trimmed = text.drop(while: { $0 == "0" })
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    var isZero: Bool { limbs.isEmpty }

    var bitCount: Int {
        guard let top = limbs.last else { return 0 }
        return 64 * limbs.count - top.leadingZeroBitCount
    }

    func bit(_ index: Int) -> Bool {
        index / 64 < limbs.count && (limbs[index / 64] >> UInt64(index % 64)) & 1 == 1
    }

    static func < (lhs: Natural, rhs: Natural) -> Bool {
        let (a, b) = (lhs.limbs, rhs.limbs)
        if a.count != b.count { return a.count < b.count }
        for index in stride(from: a.count - 1, through: 0, by: -1) where a[index] != b[index] {
            return a[index] < b[index]
        }
        return false
    }

    static func + (lhs: Natural, rhs: Natural) -> Natural {
        let (a, b) = (lhs.limbs, rhs.limbs)
        let count = max(a.count, b.count)
        var result = [UInt64](repeating: 0, count: count + 1)
        var carry = false
        for index in 0 ..< count {
            let (partial, carry1) = (index < a.count ? a[index] : 0).addingReportingOverflow(index < b.count ? b[index] : 0)
            let (sum, carry2) = partial.addingReportingOverflow(carry ? 1 : 0)
            result[index] = sum
            carry = carry1 || carry2
        }
        result[count] = carry ? 1 : 0
        return Natural(limbs: result)
    }

    /// `lhs − rhs`; `rhs` must not be larger.
    static func - (lhs: Natural, rhs: Natural) -> Natural {
        precondition(!(lhs < rhs))
        let (a, b) = (lhs.limbs, rhs.limbs)
        var result = [UInt64](repeating: 0, count: a.count)
        var borrow = false
        for index in 0 ..< a.count {
            let (partial, borrow1) = a[index].subtractingReportingOverflow(index < b.count ? b[index] : 0)
            let (difference, borrow2) = partial.subtractingReportingOverflow(borrow ? 1 : 0)
            result[index] = difference
            borrow = borrow1 || borrow2
        }
        return Natural(limbs: result)
    }

    /// `self mod modulus` by repeated subtraction: only for values a few multiples of `modulus` at most.
    func reduced(modulo modulus: Natural) -> Natural {
        var value = self
        while !(value < modulus) { value = value - modulus }
        return value
    }

    /// `(a + b) mod modulus` for `a, b < modulus`.
    static func add(_ a: Natural, _ b: Natural, modulo modulus: Natural) -> Natural {
        let sum = a + b
        return sum < modulus ? sum : sum - modulus
    }

    /// `(a · b) mod modulus` for `a, b < modulus`: from the top bit of `b` down, double and add.
    static func multiply(_ a: Natural, _ b: Natural, modulo modulus: Natural) -> Natural {
        var result = Natural(0)
        for index in stride(from: b.bitCount - 1, through: 0, by: -1) {
            result = add(result, result, modulo: modulus)
            if b.bit(index) { result = add(result, a, modulo: modulus) }
        }
        return result
    }

    /// `base^exponent mod modulus` for `base < modulus`, by square-and-multiply.
    static func power(_ base: Natural, _ exponent: Natural, modulo modulus: Natural) -> Natural {
        var result = Natural(1).reduced(modulo: modulus)
        for index in stride(from: exponent.bitCount - 1, through: 0, by: -1) {
            result = multiply(result, result, modulo: modulus)
            if exponent.bit(index) { result = multiply(result, base, modulo: modulus) }
        }
        return result
    }
}
