import Testing
@testable import CognateSRP

/// The fixed-width integer's conversions, comparison and carries, against ``Natural``.
@Suite struct UInt3072Tests {
    /// Random values of every length in bytes, so that limb boundaries and short values both occur.
    static func randomValues(_ count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SeededGenerator(seed: seed)
        return (0 ..< count).map { _ in random.bytes(Int.random(in: 0 ... UInt3072.byteCount, using: &random)) }
    }

    @Test func bytesRoundTrip() throws {
        for bytes in Self.randomValues(100, seed: 1) {
            let value = try #require(UInt3072(bigEndian: bytes))
            let minimal = Array(bytes.drop(while: { $0 == 0 }))
            #expect(value.bigEndianBytes == minimal)
            #expect(value.bigEndianBytes(count: 384) == [UInt8](repeating: 0, count: 384 - bytes.count) + bytes)
            #expect(Natural(value) == Natural(bytes: bytes))
        }
    }

    @Test func bytesAtTheEdges() {
        #expect(UInt3072(bigEndian: [])?.isZero == true)
        #expect(UInt3072(bigEndian: [0, 0, 0])?.bigEndianBytes == [])
        #expect(UInt3072(0x0102).bigEndianBytes == [1, 2])
        #expect(UInt3072(0x0102).bigEndianBytes(count: 3) == [0, 1, 2])
        // Leading zeros beyond 384 bytes are fine; a 385th significant byte is not.
        let max = [UInt8](repeating: 0xFF, count: 384)
        #expect(UInt3072(bigEndian: [0, 0] + max)?.bigEndianBytes == max)
        #expect(UInt3072(bigEndian: [1] + max) == nil)
        #expect(UInt3072(bigEndian: [1] + [UInt8](repeating: 0, count: 384)) == nil)
    }

    @Test func comparisonAndEquality() {
        let values = Self.randomValues(40, seed: 2).map { Natural(bytes: $0) }
        var pairs = zip(values, values.reversed()).map { ($0, $1) }
        // Values that differ only in the lowest or only in the highest limb, and equal values.
        let high = Natural(bytes: [UInt8](repeating: 0xAB, count: 384))
        pairs += [(high, high + Natural(1)), (high + Natural(1), high), (high, high), (Natural(0), Natural(0))]
        let top = Natural(bytes: [0x80] + [UInt8](repeating: 0, count: 383))
        pairs += [(top, top + top - Natural(1)), (Natural(1), top)]
        for (a, b) in pairs {
            #expect((a.fixedWidth < b.fixedWidth) == (a < b), "\(a) < \(b)")
            #expect((a.fixedWidth == b.fixedWidth) == (a == b))
            #expect((a.fixedWidth.hashValue == b.fixedWidth.hashValue) || a != b)
        }
    }

    @Test func additionAndSubtractionCarryThroughEveryLimb() {
        let twoTo3072 = Natural(limbs: [UInt64](repeating: 0, count: 48) + [1])
        let allOnes = twoTo3072 - Natural(1)
        var pairs = [(allOnes, Natural(1)), (allOnes, allOnes), (Natural(0), Natural(1)), (Natural(0), Natural(0))]
        let values = Self.randomValues(40, seed: 3).map { Natural(bytes: $0) }
        pairs += zip(values, values.reversed()).map { ($0, $1) }
        for (a, b) in pairs {
            let (sum, carried) = a.fixedWidth.addingReportingOverflow(b.fixedWidth)
            let trueSum = a + b
            #expect(carried == !(trueSum < twoTo3072))
            #expect(Natural(sum) == (carried ? trueSum - twoTo3072 : trueSum))
            let (difference, borrowed) = a.fixedWidth.subtractingReportingOverflow(b.fixedWidth)
            #expect(borrowed == (a < b))
            #expect(Natural(difference) == (borrowed ? a + twoTo3072 - b : a - b))
        }
    }

    @Test func zeroAndSelect() {
        #expect(UInt3072.zero.isZero)
        var value = UInt3072.zero
        value[limb: 47] = 1
        #expect(!value.isZero)
        #expect(UInt3072.select(1, value, .zero) == value)
        #expect(UInt3072.select(0, value, .zero) == .zero)
    }
}
