/// What one QR code version (1–40, model 2) is at error correction level M, from ISO/IEC 18004's tables:
/// its size, how its codewords split into Reed–Solomon blocks (Table 9) and where its alignment patterns
/// sit (Annex E). Level M is the only level Cognate draws: it corrects about 15% of the symbol, plenty
/// for a code shown on a screen, while keeping an otpauth:// URI at a version a phone reads easily.
struct QRVersion: Sendable {
    let number: Int
    /// Error-correction codewords in every block of this version.
    let errorCorrectionPerBlock: Int
    /// The blocks, in order, each given by its number of data codewords: the standard's first group
    /// (the shorter blocks) then its second group, whose blocks hold one data codeword more.
    let blockDataCounts: [Int]
    /// Centre rows/columns of the alignment patterns; every pairing is a pattern except the three that
    /// would overlap the finder patterns.
    let alignmentCentres: [Int]

    var size: Int { 17 + 4 * number }
    var dataCodewords: Int { blockDataCounts.reduce(0, +) }
    var totalCodewords: Int { dataCodewords + errorCorrectionPerBlock * blockDataCounts.count }
    /// Bits in a byte-mode character count: 8 up to version 9, 16 from version 10 (Table 3).
    var characterCountBits: Int { number < 10 ? 8 : 16 }
    /// The most bytes byte mode fits: the data codewords less the 4-bit mode and the count.
    var byteCapacity: Int { (dataCodewords * 8 - 4 - characterCountBits) / 8 }

    static func version(_ number: Int) -> QRVersion { all[number - 1] }

    /// Versions 1–40 at level M. Each row: EC codewords per block, (blocks, data codewords per block) of the
    /// first group, blocks of the second group (one data codeword more each), then the alignment centres.
    static let all: [QRVersion] = {
        let rows: [(Int, Int, Int, Int, [Int])] = [
            (10, 1, 16, 0, []),
            (16, 1, 28, 0, [6, 18]),
            (26, 1, 44, 0, [6, 22]),
            (18, 2, 32, 0, [6, 26]),
            (24, 2, 43, 0, [6, 30]),
            (16, 4, 27, 0, [6, 34]),
            (18, 4, 31, 0, [6, 22, 38]),
            (22, 2, 38, 2, [6, 24, 42]),
            (22, 3, 36, 2, [6, 26, 46]),
            (26, 4, 43, 1, [6, 28, 50]),
            (30, 1, 50, 4, [6, 30, 54]),
            (22, 6, 36, 2, [6, 32, 58]),
            (22, 8, 37, 1, [6, 34, 62]),
            (24, 4, 40, 5, [6, 26, 46, 66]),
            (24, 5, 41, 5, [6, 26, 48, 70]),
            (28, 7, 45, 3, [6, 26, 50, 74]),
            (28, 10, 46, 1, [6, 30, 54, 78]),
            (26, 9, 43, 4, [6, 30, 56, 82]),
            (26, 3, 44, 11, [6, 30, 58, 86]),
            (26, 3, 41, 13, [6, 34, 62, 90]),
            (26, 17, 42, 0, [6, 28, 50, 72, 94]),
            (28, 17, 46, 0, [6, 26, 50, 74, 98]),
            (28, 4, 47, 14, [6, 30, 54, 78, 102]),
            (28, 6, 45, 14, [6, 28, 54, 80, 106]),
            (28, 8, 47, 13, [6, 32, 58, 84, 110]),
            (28, 19, 46, 4, [6, 30, 58, 86, 114]),
            (28, 22, 45, 3, [6, 34, 62, 90, 118]),
            (28, 3, 45, 23, [6, 26, 50, 74, 98, 122]),
            (28, 21, 45, 7, [6, 30, 54, 78, 102, 126]),
            (28, 19, 47, 10, [6, 26, 52, 78, 104, 130]),
            (28, 2, 46, 29, [6, 30, 56, 82, 108, 134]),
            (28, 10, 46, 23, [6, 34, 60, 86, 112, 138]),
            (28, 14, 46, 21, [6, 30, 58, 86, 114, 142]),
            (28, 14, 46, 23, [6, 34, 62, 90, 118, 146]),
            (28, 12, 47, 26, [6, 30, 54, 78, 102, 126, 150]),
            (28, 6, 47, 34, [6, 24, 50, 76, 102, 128, 154]),
            (28, 29, 46, 14, [6, 28, 54, 80, 106, 132, 158]),
            (28, 13, 46, 32, [6, 32, 58, 84, 110, 136, 162]),
            (28, 40, 47, 7, [6, 26, 54, 82, 110, 138, 166]),
            (28, 18, 47, 31, [6, 30, 58, 86, 114, 142, 170]),
        ]
        return rows.enumerated().map { index, row in
            let (ec, shortBlocks, shortData, longBlocks, alignment) = row
            return QRVersion(
                number: index + 1, errorCorrectionPerBlock: ec,
                blockDataCounts: Array(repeating: shortData, count: shortBlocks)
                    + Array(repeating: shortData + 1, count: longBlocks),
                alignmentCentres: alignment)
        }
    }()
}
