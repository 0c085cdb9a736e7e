/// A QR code (ISO/IEC 18004, model 2) for short text such as an otpauth:// URI: byte mode, error
/// correction level M, the smallest version (1–40) that fits, the mask with the lowest penalty per the
/// standard's four rules. Drawn on the server so the enrolment page needs no script and sends the
/// secret to no third party.
struct QRCode: Sendable, Equatable {
    /// Modules per side.
    let size: Int
    /// Row-major, true = dark.
    let modules: [Bool]
    /// The data mask (0–7) drawn, as its format information says.
    let mask: Int

    var version: Int { (size - 17) / 4 }

    /// The text's UTF-8 bytes in byte mode, or nil if they do not fit version 40.
    init?(text: String) {
        self.init(text: text, mask: nil)
    }

    /// As `init?(text:)`, but drawn with mask `forcedMask` (0–7) when one is given rather than the one with
    /// the lowest penalty: for comparing with other encoders, which weigh the penalty rules differently.
    init?(text: String, mask forcedMask: Int?) {
        if let forcedMask, !(0..<8).contains(forcedMask) { return nil }
        let bytes = Array(text.utf8)
        guard let version = QRVersion.all.first(where: { bytes.count <= $0.byteCapacity }) else { return nil }
        var matrix = QRMatrix(version: version)
        matrix.place(Self.codewords(bytes, version: version))

        var chosen = matrix
        var lowest = Int.max
        for mask in forcedMask.map({ [$0] }) ?? Array(0..<8) {
            var candidate = matrix
            candidate.apply(mask: mask)
            let penalty = forcedMask == nil ? QRMask.penalty(candidate.dark, size: candidate.size) : 0
            // Strictly lower, so that of equal penalties the lowest-numbered mask wins, deterministically.
            if penalty < lowest {
                lowest = penalty
                chosen = candidate
            }
        }
        size = version.size
        modules = chosen.dark
        mask = chosen.mask
    }

    func isDark(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size && y < size && modules[y * size + x]
    }

    /// The final codeword sequence (§7.4–7.6): mode indicator 0100 (byte), the character count, the bytes,
    /// a terminator of up to four zero bits, zero bits to a byte boundary (none if already on one; segno
    /// 1.6.6 adds a whole 0x00 codeword there) and the pad codewords 0xEC 0x11
    /// in turn to fill the version; then the data split into blocks, each given its Reed–Solomon
    /// codewords, and both interleaved block by block so a burst of damage spreads over many blocks.
    private static func codewords(_ bytes: [UInt8], version: QRVersion) -> [UInt8] {
        var bits = QRBitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version.characterCountBits)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = version.dataCodewords * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        for pad in 0..<(version.dataCodewords - data.count) { data.append(pad % 2 == 0 ? 0xEC : 0x11) }

        var blocks: [[UInt8]] = []
        var offset = 0
        for count in version.blockDataCounts {
            blocks.append(Array(data[offset..<offset + count]))
            offset += count
        }
        let corrections = blocks.map {
            ReedSolomon.errorCorrection(for: $0, count: version.errorCorrectionPerBlock)
        }
        var result: [UInt8] = []
        result.reserveCapacity(version.totalCodewords)
        for index in 0..<(version.blockDataCounts.max() ?? 0) {
            for block in blocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<version.errorCorrectionPerBlock {
            for correction in corrections { result.append(correction[index]) }
        }
        return result
    }
}

/// Bits written most significant first, as the standard's bit stream is.
private struct QRBitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count bitCount: Int) {
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}

/// A symbol under construction: its function patterns drawn and marked, so that the data and masks go
/// only where they may.
private struct QRMatrix {
    let size: Int
    let version: QRVersion
    var dark: [Bool]
    var isFunction: [Bool]
    /// The mask applied, once one is.
    private(set) var mask = 0

    init(version: QRVersion) {
        self.version = version
        size = version.size
        dark = [Bool](repeating: false, count: size * size)
        isFunction = dark
        drawFunctionPatterns()
    }

    mutating func set(_ x: Int, _ y: Int, _ value: Bool) {
        dark[y * size + x] = value
        isFunction[y * size + x] = true
    }

    /// Timing patterns (§6.3.5), then the finder patterns with their light separators (§6.3.3–6.3.4),
    /// the alignment patterns (§6.3.6), the dark module beside the lower-left finder, and room for the
    /// format information; version information (§7.10) from version 7, where finder patterns alone no
    /// longer tell a reader the size reliably.
    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            // A 9×9 square, clipped to the symbol: rings at distance 0–1 and 3 dark, 2 and 4 (separator) light.
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(cx + dx) && (0..<size).contains(cy + dy) {
                    let distance = max(abs(dx), abs(dy))
                    set(cx + dx, cy + dy, distance != 2 && distance != 4)
                }
            }
        }
        let centres = version.alignmentCentres
        for cy in centres {
            for cx in centres {
                // The three corners held by finder patterns have none.
                let first = centres.first, last = centres.last
                if (cx == first && cy == first) || (cx == first && cy == last) || (cx == last && cy == first) {
                    continue
                }
                for dy in -2...2 {
                    for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatInformation(mask: 0)
        if version.number >= 7 {
            let bits = Self.versionInformation(version.number)
            for i in 0..<18 {
                let bit = (bits >> i) & 1 == 1
                set(size - 11 + i % 3, i / 3, bit)
                set(i / 3, size - 11 + i % 3, bit)
            }
        }
    }

    /// The 15-bit format information (§7.9): level M (00) and the mask, a BCH(15,5) code with generator
    /// 0x537, XORed with 101010000010010 (0x5412) so that it is never all light. Drawn twice, bit 0 first:
    /// down column 8 and along row 8 by the upper-left finder, and split between the other two finders.
    mutating func drawFormatInformation(mask: Int) {
        let data = (0b00 << 3) | mask
        var remainder = data << 10
        for shift in stride(from: 4, through: 0, by: -1) where (remainder >> (shift + 10)) & 1 == 1 {
            remainder ^= 0x537 << shift
        }
        let bits = ((data << 10) | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    /// The 18-bit version information: the version in 6 bits and a BCH(18,6) code with generator 0x1F25.
    static func versionInformation(_ version: Int) -> Int {
        var remainder = version << 12
        for shift in stride(from: 5, through: 0, by: -1) where (remainder >> (shift + 12)) & 1 == 1 {
            remainder ^= 0x1F25 << shift
        }
        return (version << 12) | remainder
    }

    /// The codewords' bits, most significant first, in two-module-wide columns from the lower right,
    /// upwards then downwards in turn, skipping the vertical timing pattern and function modules
    /// (§7.7.3). Modules left over (the 0–7 remainder bits) are zeros, which the mask then applies to.
    mutating func place(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var index = 0
        var right = size - 1
        var upward = true
        while right >= 1 {
            if right == 6 { right = 5 }
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] {
                    if index < bitCount {
                        dark[y * size + x] = (codewords[index / 8] >> (7 - index % 8)) & 1 == 1
                    }
                    index += 1
                }
            }
            upward.toggle()
            right -= 2
        }
    }

    /// XORs mask `mask` onto the data modules and writes the format information that names it.
    mutating func apply(mask: Int) {
        self.mask = mask
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && QRMask.inverts(mask, row: y, column: x) {
                dark[y * size + x].toggle()
            }
        }
        drawFormatInformation(mask: mask)
    }
}
