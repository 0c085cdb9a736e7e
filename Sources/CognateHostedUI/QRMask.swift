/// The eight data masks of ISO/IEC 18004 (§7.8.2) and the penalty that chooses between them (§7.8.3):
/// masking breaks up patterns in the data that a reader could mistake for finder patterns or that make
/// the symbol hard to threshold, and the mask with the lowest penalty is the one drawn.
enum QRMask {
    /// Whether mask `mask` inverts the module at row `row`, column `column`.
    static func inverts(_ mask: Int, row i: Int, column j: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    /// The penalty of a whole symbol (format and version information included, as a reader sees it),
    /// the sum of the standard's four rules with N1 = 3, N2 = 3, N3 = 40, N4 = 10:
    /// 1. each run of 5 + k same-coloured modules in a row or column scores N1 + k;
    /// 2. each 2×2 block of one colour scores N2 (so an m×n block scores N2·(m−1)·(n−1));
    /// 3. each dark:light:dark:light:dark run of 1:1:3:1:1 in a row or column with 4 light modules before
    ///    or after it scores N3, the light quiet zone around the symbol counting as light;
    /// 4. a dark share between 50 ± 5k % and 50 ± 5(k+1) % scores N4·k.
    static func penalty(_ modules: [Bool], size: Int) -> Int {
        var score = 0
        var line = [Bool](repeating: false, count: size)
        for index in 0..<size {
            for k in 0..<size { line[k] = modules[index * size + k] }
            score += linePenalty(line)
            for k in 0..<size { line[k] = modules[k * size + index] }
            score += linePenalty(line)
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = modules[y * size + x]
                if modules[y * size + x + 1] == colour, modules[(y + 1) * size + x] == colour,
                    modules[(y + 1) * size + x + 1] == colour
                {
                    score += 3
                }
            }
        }
        let dark = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        let total = size * size
        // |dark/total − ½| in whole steps of 5%, in integers: |20·dark − 10·total| / total.
        score += 10 * (abs(20 * dark - 10 * total) / total)
        return score
    }

    /// Rules 1 and 3 along one row or column.
    private static func linePenalty(_ line: [Bool]) -> Int {
        var score = 0
        var runStart = 0
        for k in 1...line.count where k == line.count || line[k] != line[runStart] {
            let run = k - runStart
            if run >= 5 { score += 3 + (run - 5) }
            runStart = k
        }
        // Positions outside the symbol are the light quiet zone.
        func isLight(_ k: Int) -> Bool { k < 0 || k >= line.count || !line[k] }
        let finderLike: [Bool] = [true, false, true, true, true, false, true]
        if line.count >= 7 {
            for start in 0...(line.count - 7) where (0..<7).allSatisfy({ line[start + $0] == finderLike[$0] }) {
                let lightBefore = (start - 4..<start).allSatisfy(isLight)
                let lightAfter = (start + 7..<start + 11).allSatisfy(isLight)
                if lightBefore || lightAfter { score += 40 }
            }
        }
        return score
    }
}
