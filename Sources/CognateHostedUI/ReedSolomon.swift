/// Reed–Solomon error correction as QR codes use it (ISO/IEC 18004 §7.5.2 and Annex A): arithmetic in
/// GF(256) with the primitive polynomial x⁸+x⁴+x³+x²+1 (0x11D), and generator polynomials
/// (x−α⁰)(x−α¹)…(x−αⁿ⁻¹), so a reader can correct damaged or obscured modules.
enum ReedSolomon {
    /// αⁱ for i in 0..<255, doubled to 510 entries so that a product's log sum never needs a modulo.
    static let exponents: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            table[i + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// log_α of each non-zero element (index 0 is unused: zero has no logarithm).
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exponents[i])] = i }
        return table
    }()

    /// The generator polynomials for 0…30 error-correction codewords (30 is the most any QR block has),
    /// as coefficients from the highest power down, the leading 1 left implicit. Built once, as the
    /// standard's Annex A lists them, rather than typed in.
    static let generators: [[UInt8]] = (0...30).map { degree in
        // Start from 1 and multiply by (x − αⁱ) (in GF(2⁸), − is +) for each i in turn.
        var polynomial: [UInt8] = [1]
        for i in 0..<degree {
            var next = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (j, coefficient) in polynomial.enumerated() {
                next[j] ^= coefficient
                next[j + 1] ^= multiply(coefficient, exponents[i])
            }
            polynomial = next
        }
        return Array(polynomial.dropFirst())
    }

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exponents[logarithms[Int(a)] + logarithms[Int(b)]]
    }

    /// The `count` error-correction codewords of `data`: the remainder of data(x)·xⁿ divided by the
    /// generator of degree n, computed by long division in a shift register.
    static func errorCorrection(for data: [UInt8], count: Int) -> [UInt8] {
        let generator = generators[count]
        var remainder = [UInt8](repeating: 0, count: count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            if factor != 0 {
                for i in 0..<count { remainder[i] ^= multiply(generator[i], factor) }
            }
        }
        return remainder
    }
}
