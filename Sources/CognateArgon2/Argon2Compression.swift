/// Argon2's compression function G (RFC 9106 §3.5-3.6) over 1 KiB blocks of 128 words.
///
/// This is where nearly all of Argon2's time goes, so it works on raw pointers into the
/// block memory (no arrays, no bounds checks, no allocation per block), and computes
/// two GB rounds at once in 16-byte SIMD registers: SSE2 on x86-64, NEON on arm64.
struct Argon2Compression {
    /// Words in one 1024-byte block.
    static let wordsPerBlock = 128

    /// Two blocks of scratch: R after the row pass, and the value XORed in at the end.
    private let scratch: UnsafeMutableRawPointer

    /// Scratch must be released with `deallocate()`; Argon2id keeps one per hash.
    init() {
        scratch = .allocate(byteCount: 2 * 8 * Self.wordsPerBlock, alignment: 16)
    }

    func deallocate() {
        scratch.deallocate()
    }

    /// Writes G(X, Y) to `next`, or XORs it into `next` when `xorInto` is set, as passes
    /// after the first do since version 0x13. `next` may alias `y` (address blocks do).
    /// `firstWordReady` gets the result's first word as soon as it is final, seven eighths of
    /// the column pass early: Argon2 picks the next reference block from it.
    @inline(__always)
    func compress(
        _ x: UnsafePointer<UInt64>, _ y: UnsafePointer<UInt64>,
        into next: UnsafeMutablePointer<UInt64>, xorInto: Bool,
        firstWordReady: (UInt64) -> Void = { _ in }
    ) {
        let x = UnsafeRawPointer(x), y = UnsafeRawPointer(y), next = UnsafeMutableRawPointer(next)
        let rows = scratch
        let keep = scratch + 8 * Self.wordsPerBlock

        // R = X xor Y is 8 rows of 8 registers. Each row is loaded once, set aside for the
        // final XOR, and permuted while still in registers (RFC 9106 §3.6, first step).
        for row in 0..<8 {
            var v = Registers()
            for k in 0..<8 {
                let offset = 128 * row + 16 * k
                let value = x.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                    ^ y.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                let kept = xorInto ? value ^ next.loadUnaligned(fromByteOffset: offset, as: Lanes.self) : value
                keep.storeBytes(of: kept, toByteOffset: offset, as: Lanes.self)
                v[k] = value
            }
            v.permute()
            for k in 0..<8 {
                rows.storeBytes(of: v[k], toByteOffset: 128 * row + 16 * k, as: Lanes.self)
            }
        }

        // Column i is register i of every row; permuted, it is XORed and written out directly.
        for column in 0..<8 {
            var v = Registers()
            for k in 0..<8 {
                v[k] = rows.load(fromByteOffset: 128 * k + 16 * column, as: Lanes.self)
            }
            v.permute()
            for k in 0..<8 {
                let offset = 128 * k + 16 * column
                next.storeBytes(of: v[k] ^ keep.load(fromByteOffset: offset, as: Lanes.self), toByteOffset: offset, as: Lanes.self)
            }
            if column == 0 { firstWordReady(UnsafeRawPointer(next).load(as: UInt64.self)) }
        }
    }
}

/// Two 64-bit words: one 16-byte register of the RFC's description of P.
private typealias Lanes = SIMD2<UInt64>

/// The eight registers P permutes, named as in BLAKE2b's 4x4 state: row a = (v0 v1) (v2 v3),
/// row b = (v4 v5) (v6 v7), row c = (v8 v9) (v10 v11), row d = (v12 v13) (v14 v15).
private struct Registers {
    var a0 = Lanes(), a1 = Lanes(), b0 = Lanes(), b1 = Lanes()
    var c0 = Lanes(), c1 = Lanes(), d0 = Lanes(), d1 = Lanes()

    /// Register `index` in input order, S0...S7; constant indices fold away once inlined.
    subscript(index: Int) -> Lanes {
        @inline(__always) get {
            switch index {
            case 0: a0
            case 1: a1
            case 2: b0
            case 3: b1
            case 4: c0
            case 5: c1
            case 6: d0
            default: d1
            }
        }
        @inline(__always) set {
            switch index {
            case 0: a0 = newValue
            case 1: a1 = newValue
            case 2: b0 = newValue
            case 3: b1 = newValue
            case 4: c0 = newValue
            case 5: c1 = newValue
            case 6: d0 = newValue
            default: d1 = newValue
            }
        }
    }

    /// The permutation P: GB on the four columns, then on the four diagonals.
    @inline(__always)
    mutating func permute() {
        // Columns: GB(v0, v4, v8, v12) ... GB(v3, v7, v11, v15), two per call.
        Self.mix(&a0, &b0, &c0, &d0)
        Self.mix(&a1, &b1, &c1, &d1)
        // Diagonals: GB(v0, v5, v10, v15) ... GB(v3, v4, v9, v14), after rotating rows b, c, d.
        (b0, b1) = (Lanes(b0[1], b1[0]), Lanes(b1[1], b0[0]))
        (c0, c1) = (c1, c0)
        (d0, d1) = (Lanes(d1[1], d0[0]), Lanes(d0[1], d1[0]))
        Self.mix(&a0, &b0, &c0, &d0)
        Self.mix(&a1, &b1, &c1, &d1)
        (b0, b1) = (Lanes(b1[1], b0[0]), Lanes(b0[1], b1[0]))
        (c0, c1) = (c1, c0)
        (d0, d1) = (Lanes(d0[1], d1[0]), Lanes(d1[1], d0[0]))
    }

    /// GB: BLAKE2b's G with each addition hardened by a 32x32-bit multiply (BlaMka),
    /// which is what makes Argon2 costly on hardware that is cheap at additions.
    @inline(__always)
    private static func mix(_ a: inout Lanes, _ b: inout Lanes, _ c: inout Lanes, _ d: inout Lanes) {
        a = blaMka(a, b)
        d = rotateRight32(d ^ a)
        c = blaMka(c, d)
        b = rotateRight24(b ^ c)
        a = blaMka(a, b)
        d = rotateRight16(d ^ a)
        c = blaMka(c, d)
        b = rotateRight63(b ^ c)
    }

    @inline(__always)
    private static func blaMka(_ x: Lanes, _ y: Lanes) -> Lanes {
        let low = Lanes(repeating: 0xFFFF_FFFF)
        let product = (x & low) &* (y & low)
        return x &+ y &+ product &+ product
    }

    // The rotations avoid the obvious `x &>> n | x &<< (64 - n)`: Swift's SIMD shifts reach
    // LLVM lane by lane, LLVM fuses each pair into a scalar rotate, and every register is
    // then taken apart and rebuilt around it (about 25% slower overall). Shuffles and
    // vector multiplies or additions by powers of two stay whole-register shifts.

    @inline(__always)
    private static func rotateRight32(_ x: Lanes) -> Lanes {
        let halves = unsafeBitCast(x, to: SIMD4<UInt32>.self)
        return unsafeBitCast(SIMD4(halves[1], halves[0], halves[3], halves[2]), to: Lanes.self)
    }

    @inline(__always)
    private static func rotateRight24(_ x: Lanes) -> Lanes {
        (x &>> 24) | (x &* Lanes(repeating: 1 << 40))
    }

    @inline(__always)
    private static func rotateRight16(_ x: Lanes) -> Lanes {
        (x &>> 16) | (x &* Lanes(repeating: 1 << 48))
    }

    @inline(__always)
    private static func rotateRight63(_ x: Lanes) -> Lanes {
        (x &>> 63) | (x &+ x)
    }
}
