/// An unsigned integer of exactly 3072 bits, the size of the SRP group's modulus `N`.
///
/// Every SRP value is a residue modulo the 3072-bit `N` (or a 256-bit hash, which fits too), so a
/// fixed width is all the protocol needs. Compared with an arbitrary-precision integer it lives
/// inline (no heap allocation, no reference counting), and every loop over it has the same trip
/// count whatever the value, which is what keeps the arithmetic built on it free of
/// value-dependent timing.
///
/// Only the byte conversions, equality, hashing and ordering are public: `SRPGroup` exposes its
/// constants with this type. The arithmetic is internal, in the extensions beside this file.
public struct UInt3072: Sendable {
    /// Number of 64-bit limbs.
    static let limbCount = 48
    /// Number of bytes in the big-endian form.
    public static let byteCount = 384

    /// Little-endian limbs (limb 0 is the least significant). A homogeneous tuple rather than an
    /// array so the value is stored inline; its memory is also bound to `UInt64`, so it can be
    /// used as a contiguous buffer of 48 limbs (see ``withLimbs(_:)``).
    typealias Limbs = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )

    var limbs: Limbs

    /// Zero.
    static var zero: UInt3072 {
        UInt3072(limbs: (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        ))
    }

    private init(limbs: Limbs) {
        self.limbs = limbs
    }

    /// A small value.
    init(_ value: UInt64) {
        self = .zero
        limbs.0 = value
    }

    /// Calls `body` with the limbs, least significant first.
    @inline(__always)
    func withLimbs<Result>(_ body: (UnsafePointer<UInt64>) -> Result) -> Result {
        withUnsafeBytes(of: limbs) { body($0.baseAddress!.assumingMemoryBound(to: UInt64.self)) }
    }

    /// Calls `body` with the limbs, least significant first, for writing.
    @inline(__always)
    mutating func withMutableLimbs<Result>(_ body: (UnsafeMutablePointer<UInt64>) -> Result) -> Result {
        withUnsafeMutableBytes(of: &limbs) { body($0.baseAddress!.assumingMemoryBound(to: UInt64.self)) }
    }

    /// Limb `index` (0 is the least significant).
    subscript(limb index: Int) -> UInt64 {
        get {
            precondition((0 ..< Self.limbCount).contains(index))
            return withLimbs { $0[index] }
        }
        set {
            precondition((0 ..< Self.limbCount).contains(index))
            withMutableLimbs { $0[index] = newValue }
        }
    }

    /// Whether the value is zero. Reads every limb, so its time does not depend on where the
    /// first non-zero limb is.
    var isZero: Bool {
        withLimbs { limbs in
            var any: UInt64 = 0
            for index in 0 ..< Self.limbCount { any |= limbs[index] }
            return any == 0
        }
    }
}

extension UInt3072: Equatable {
    /// Compares every limb (no early exit), so comparing a secret value leaks nothing but the answer.
    public static func == (lhs: UInt3072, rhs: UInt3072) -> Bool {
        lhs.withLimbs { l in
            rhs.withLimbs { r in
                var difference: UInt64 = 0
                for index in 0 ..< limbCount { difference |= l[index] ^ r[index] }
                return difference == 0
            }
        }
    }
}

extension UInt3072: Hashable {
    public func hash(into hasher: inout Hasher) {
        withLimbs { limbs in
            for index in 0 ..< Self.limbCount { hasher.combine(limbs[index]) }
        }
    }
}

extension UInt3072: Comparable {
    /// Numeric order, from the borrow of `lhs − rhs`: the same work for every pair of values.
    public static func < (lhs: UInt3072, rhs: UInt3072) -> Bool {
        lhs.subtractingReportingOverflow(rhs).overflow
    }
}
