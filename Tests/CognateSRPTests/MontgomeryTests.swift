import Testing
@testable import CognateSRP

/// The Montgomery arithmetic modulo the group's prime, against ``Natural``'s shift-and-add.
///
/// ``Natural`` is slow in a debug build (tens of milliseconds per modular multiplication), so the
/// comparisons use few random values and short exponents; check_modpow.py compares 200 full-size
/// exponentiations with Python. Long exponents are checked here through identities instead.
@Suite struct MontgomeryTests {
    let group = SRPGroup.cognito
    var modulus: MontgomeryModulus { group.modulus }
    let prime = Natural(SRPGroup.cognito.prime)

    static func randomBelow(_ prime: Natural, _ random: inout SeededGenerator) -> Natural {
        Natural(bytes: random.bytes(UInt3072.byteCount)).reduced(modulo: prime)
    }

    @Test func constantsAreRecomputedTheSlowWay() {
        #expect(modulus.modulus[limb: 0] &* modulus.inverseNegated == UInt64.max) // N·N' ≡ −1
        // R mod N and R² mod N by doubling 1, 3072 and 6144 times.
        var value = Natural(1)
        for _ in 0 ..< 3072 { value = Natural.add(value, value, modulo: prime) }
        #expect(Natural(modulus.one) == value)
        for _ in 0 ..< 3072 { value = Natural.add(value, value, modulo: prime) }
        #expect(Natural(modulus.rSquared) == value)
    }

    @Test func inverseModuloWordSize() {
        for x: UInt64 in [1, 3, 0xFFFF_FFFF_FFFF_FFFF, 0x1234_5678_9ABC_DEF1] {
            #expect(x &* MontgomeryModulus.inverse(ofOdd: x) == 1)
        }
    }

    @Test func multiplyAddSubtract() {
        var random = SeededGenerator(seed: 10)
        let nMinus1 = prime - Natural(1)
        let allOnes = Natural(bytes: [UInt8](repeating: 0xFF, count: 384)) // above N: reduced first
        var pairs = [(nMinus1, nMinus1), (Natural(0), nMinus1), (Natural(1), nMinus1), (prime, Natural(5)), (allOnes, allOnes)]
        for _ in 0 ..< 4 { pairs.append((Self.randomBelow(prime, &random), Self.randomBelow(prime, &random))) }
        for (a, b) in pairs {
            let (x, y) = (a.reduced(modulo: prime), b.reduced(modulo: prime))
            #expect(Natural(modulus.multiply(a.fixedWidth, b.fixedWidth)) == Natural.multiply(x, y, modulo: prime))
            #expect(Natural(modulus.add(a.fixedWidth, b.fixedWidth)) == Natural.add(x, y, modulo: prime))
            #expect(Natural(modulus.subtract(a.fixedWidth, b.fixedWidth)) == (x < y ? x + prime - y : x - y))
            #expect(Natural(modulus.reduce(a.fixedWidth)) == x)
        }
    }

    @Test func montgomeryFormRoundTrips() {
        var random = SeededGenerator(seed: 11)
        for _ in 0 ..< 5 {
            let x = Self.randomBelow(prime, &random).fixedWidth
            #expect(modulus.fromMontgomery(modulus.toMontgomery(x)) == x)
        }
        #expect(modulus.toMontgomery(UInt3072(1)) == modulus.one)
    }

    /// Every one-byte exponent (all 16 table entries in both windows of a byte), and longer ones
    /// with leading zero bytes, against plain square-and-multiply on `multiply` (which the test
    /// above checks against ``Natural``).
    @Test func windowedPowerMatchesSquareAndMultiply() {
        var random = SeededGenerator(seed: 14)
        let base = Self.randomBelow(prime, &random).fixedWidth
        func squareAndMultiply(_ exponent: [UInt8]) -> UInt3072 {
            var result = UInt3072(1)
            for byte in exponent {
                for bit in (0 ..< 8).reversed() {
                    result = modulus.multiply(result, result)
                    if (byte >> UInt8(bit)) & 1 == 1 { result = modulus.multiply(result, base) }
                }
            }
            return result
        }
        var exponents: [[UInt8]] = (0 ... 255).map { [UInt8($0)] }
        exponents += [[], [0, 0, 5], [0x01, 0x00], [0x12, 0x34], [0xFE, 0xDC, 0xBA, 0x98], random.bytes(32), [0] + random.bytes(32)]
        for exponent in exponents {
            #expect(group.power(base, exponent) == squareAndMultiply(exponent), "exponent \(exponent)")
        }
    }

    @Test func shortPowerMatchesNatural() {
        var random = SeededGenerator(seed: 15)
        let base = Self.randomBelow(prime, &random)
        #expect(Natural(group.power(base.fixedWidth, [0x0B])) == Natural.power(base, Natural(0x0B), modulo: prime))
    }

    @Test func fermatHoldsForFullLengthExponents() {
        // N is prime: b^(N−1) = 1 and b^N = b for every b ≢ 0, with 3072-bit exponents that use
        // every window value many times.
        var random = SeededGenerator(seed: 12)
        let nMinus1 = (prime - Natural(1)).bytes
        for base in [Self.randomBelow(prime, &random), Self.randomBelow(prime, &random), Natural(2), prime - Natural(1)] {
            #expect(group.power(base.fixedWidth, nMinus1) == UInt3072(1))
            #expect(group.power(base.fixedWidth, prime.bytes) == base.fixedWidth)
        }
    }

    @Test func exponentsAdd() {
        // b^e1 · b^e2 = b^(e1 + e2), for SRP-sized and longer exponents.
        var random = SeededGenerator(seed: 13)
        for length in [32, 33, 128, 384, 500] {
            let base = Self.randomBelow(prime, &random).fixedWidth
            let e1 = random.bytes(length), e2 = random.bytes(length)
            let sum = (Natural(bytes: e1) + Natural(bytes: e2)).bytes
            #expect(modulus.multiply(group.power(base, e1), group.power(base, e2)) == group.power(base, sum))
        }
    }

    @Test func degenerateInputs() {
        let base = UInt3072(12345)
        #expect(group.power(base, []) == UInt3072(1))
        #expect(group.power(.zero, []) == UInt3072(1))
        #expect(group.power(.zero, [7]) == .zero)
        #expect(group.power(group.prime, [7]) == .zero) // N ≡ 0
        #expect(group.power(base, [0, 0, 0, 1]) == base)
        #expect(group.power(base, [0, 0, 0, 2]) == group.power(base, [2]))
        #expect(group.power(UInt3072(1), [UInt8](repeating: 0xFF, count: 64)) == UInt3072(1))
        // A base of N or more is reduced first.
        let exponent: [UInt8] = [0x9E, 0x37]
        #expect(group.power((prime + Natural(12345)).fixedWidth, exponent) == group.power(base, exponent))
        let allOnes = Natural(bytes: [UInt8](repeating: 0xFF, count: 384))
        #expect(group.power(allOnes.fixedWidth, exponent) == group.power((allOnes - prime).fixedWidth, exponent))
    }
}
