import CCognatePrefetch

/// Argon2id, version 0x13 (RFC 9106): the memory-hard password hash OWASP recommends.
///
/// Lanes are filled one after another on the calling thread. The result is the same as
/// with a thread per lane, and a server is already parallel across concurrent sign-ins.
public enum Argon2id {
    /// Traps on parameters RFC 9106 forbids (salt under 8 bytes, tag under 4 bytes, under
    /// 8 KiB per lane, no pass or lane): they come from configuration, not from users.
    /// `Argon2Parameters.isValid` checks them up front.
    ///
    /// - Parameters:
    ///   - secret: an optional key (a pepper) kept outside the database.
    ///   - associatedData: optional data bound into the tag.
    /// - Returns: the tag, `outputLength` bytes.
    public static func hash(
        password: [UInt8], salt: [UInt8],
        memoryKiB: Int, iterations: Int, parallelism: Int, outputLength: Int,
        secret: [UInt8] = [], associatedData: [UInt8] = []
    ) -> [UInt8] {
        let max32 = Int(UInt32.max)
        precondition((1...0xFF_FFFF).contains(parallelism), "Argon2 needs 1...2^24-1 lanes")
        precondition(memoryKiB >= 8 * parallelism && memoryKiB <= max32, "Argon2 needs 8 KiB per lane and at most 2^32-1 KiB")
        precondition(iterations >= 1 && iterations <= max32, "Argon2 needs 1...2^32-1 passes")
        precondition(outputLength >= 4 && outputLength <= max32, "Argon2 tags are 4...2^32-1 bytes")
        precondition(salt.count >= 8 && salt.count <= max32, "Argon2 salts are 8...2^32-1 bytes")
        precondition(password.count <= max32 && secret.count <= max32 && associatedData.count <= max32,
                     "Argon2 inputs are at most 2^32-1 bytes")

        // H0 binds every parameter and input, each length-prefixed (RFC 9106 §3.2 step 1).
        var h0Input = [UInt8]()
        for value in [parallelism, outputLength, memoryKiB, iterations, Argon2Memory.version, Argon2Memory.type] {
            h0Input += LittleEndian.bytes(UInt32(value))
        }
        for field in [password, salt, secret, associatedData] {
            h0Input += LittleEndian.bytes(UInt32(field.count))
            h0Input += field
        }
        let h0 = Blake2b.hash(h0Input, outputLength: Blake2b.maxOutputLength)

        let memory = Argon2Memory(memoryKiB: memoryKiB, lanes: parallelism, passes: iterations)
        defer { memory.deallocate() }
        memory.seed(from: h0)
        // Within a slice, lanes read only other lanes' finished slices, so filling the lanes
        // one by one gives the same memory as filling them at once.
        for pass in 0..<iterations {
            for slice in 0..<Argon2Memory.slices {
                for lane in 0..<parallelism {
                    memory.fillSegment(pass: pass, slice: slice, lane: lane)
                }
            }
        }
        return Blake2b.longHash(memory.finalBlock(), outputLength: outputLength)
    }
}

/// The m' blocks of 1 KiB that Argon2 fills, as p lanes of four slices (RFC 9106 §3.2-3.4).
///
/// Memory is one raw allocation addressed by word, so the fill loop neither allocates,
/// nor checks bounds, nor copies arrays.
private struct Argon2Memory {
    static let version = 0x13
    /// Argon2's type number for Argon2id (y = 2).
    static let type = 2
    /// Segments per lane: the synchronisation points between lanes.
    static let slices = 4
    static let words = Argon2Compression.wordsPerBlock

    let lanes: Int
    let passes: Int
    let segmentLength: Int
    let laneLength: Int
    let blockCount: Int
    private let blocks: UnsafeMutablePointer<UInt64>
    private let compression = Argon2Compression()
    /// Three blocks for data-independent addressing: zeros, the counter input, its addresses.
    private let addressing: UnsafeMutablePointer<UInt64>

    init(memoryKiB: Int, lanes: Int, passes: Int) {
        self.lanes = lanes
        self.passes = passes
        // m' rounds memory down to a whole number of segments in every lane.
        segmentLength = memoryKiB / (Self.slices * lanes)
        laneLength = segmentLength * Self.slices
        blockCount = laneLength * lanes
        blocks = .allocate(capacity: blockCount * Self.words)
        addressing = .allocate(capacity: 3 * Self.words)
        addressing.initialize(repeating: 0, count: 3 * Self.words)
    }

    func deallocate() {
        blocks.deallocate()
        addressing.deallocate()
        compression.deallocate()
    }

    /// The first two blocks of each lane come from H0 (RFC 9106 §3.2 steps 3-4).
    func seed(from h0: [UInt8]) {
        for lane in 0..<lanes {
            for column in 0..<2 {
                let input = h0 + LittleEndian.bytes(UInt32(column)) + LittleEndian.bytes(UInt32(lane))
                let block = Blake2b.longHash(input, outputLength: 8 * Self.words)
                let start = (lane * laneLength + column) * Self.words
                for word in 0..<Self.words {
                    blocks[start + word] = LittleEndian.word(block, at: 8 * word)
                }
            }
        }
    }

    /// The XOR of every lane's last block, which H' turns into the tag (RFC 9106 §3.2 steps 7-8).
    func finalBlock() -> [UInt8] {
        var final = [UInt64](repeating: 0, count: Self.words)
        for lane in 0..<lanes {
            let last = (lane * laneLength + laneLength - 1) * Self.words
            for word in 0..<Self.words {
                final[word] ^= blocks[last + word]
            }
        }
        return LittleEndian.bytes(final)
    }

    /// Computes one segment: each block is G of the previous block and a reference block.
    func fillSegment(pass: Int, slice: Int, lane: Int) {
        let zero = UnsafePointer(addressing)
        let input = addressing + Self.words
        let addresses = addressing + 2 * Self.words

        // Argon2id: the first half of the first pass picks references independently of
        // the password, so its memory accesses leak nothing through cache timing; the rest
        // picks them from the data, which is what resists time-memory trade-offs.
        let independent = pass == 0 && slice < 2
        if independent {
            input.update(repeating: 0, count: Self.words)
            input[0] = UInt64(pass)
            input[1] = UInt64(lane)
            input[2] = UInt64(slice)
            input[3] = UInt64(blockCount)
            input[4] = UInt64(passes)
            input[5] = UInt64(Self.type)
        }

        // A lane's first two blocks already came from H0.
        let firstIndex = pass == 0 && slice == 0 ? 2 : 0
        var current = lane * laneLength + slice * segmentLength + firstIndex
        var previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1

        for index in firstIndex..<segmentLength {
            let pseudoRandom: UInt64
            if independent {
                // Every 128 blocks, a new block of addresses: G(0, G(0, input)), counter bumped.
                if index % Self.words == 0 || index == firstIndex {
                    input[6] &+= 1
                    compression.compress(zero, input, into: addresses, xorInto: false)
                    compression.compress(zero, addresses, into: addresses, xorInto: false)
                }
                pseudoRandom = addresses[index % Self.words]
            } else {
                pseudoRandom = blocks[previous * Self.words]
            }

            let reference = referenceIndex(pass: pass, slice: slice, lane: lane, index: index, pseudoRandom: pseudoRandom)
            let following = index + 1
            // Version 0x13 XORs into the old block on later passes instead of overwriting it.
            compression.compress(
                blocks + previous * Self.words, blocks + reference * Self.words,
                into: blocks + current * Self.words, xorInto: pass != 0,
                firstWordReady: { word in
                    // The next block's reference is known as soon as this block's first word is: fetch it
                    // into the cache while the rest of this block is computed.
                    guard following < segmentLength else { return }
                    let nextRandom: UInt64
                    if independent {
                        guard following % Self.words != 0 else { return }
                        nextRandom = addresses[following % Self.words]
                    } else {
                        nextRandom = word
                    }
                    let upcoming = blocks + referenceIndex(pass: pass, slice: slice, lane: lane, index: following, pseudoRandom: nextRandom) * Self.words
                    for line in stride(from: 0, to: Self.words, by: 8) { cognate_prefetch(upcoming + line) }
                }
            )
            previous = current
            current += 1
        }
    }

    /// The block that block `index` of this segment references, from its pseudo-random word.
    @inline(__always)
    private func referenceIndex(pass: Int, slice: Int, lane: Int, index: Int, pseudoRandom: UInt64) -> Int {
        // J2 picks the lane (only the own lane while no other lane has a finished slice),
        // J1 the block within it.
        let referenceLane = pass == 0 && slice == 0 ? lane : Int(truncatingIfNeeded: (pseudoRandom >> 32) % UInt64(lanes))
        return referenceLane * laneLength + referenceColumn(
            pass: pass, slice: slice, index: index,
            sameLane: referenceLane == lane, j1: pseudoRandom & 0xFFFF_FFFF
        )
    }

    /// The reference block's column in its lane (RFC 9106 §3.4.1.2): J1 mapped onto the
    /// blocks it may reference, skewed towards the most recently written ones.
    @inline(__always)
    private func referenceColumn(pass: Int, slice: Int, index: Int, sameLane: Bool, j1: UInt64) -> Int {
        // The own lane offers every finished block but the previous one (used anyway);
        // another lane offers its finished segments, less its last block while this
        // segment's first block is being computed.
        let finishedSegments = pass == 0 ? slice : Self.slices - 1
        let areaSize = finishedSegments * segmentLength + (sameLane ? index - 1 : (index == 0 ? -1 : 0))
        let x = (j1 &* j1) >> 32
        let y = (UInt64(areaSize) &* x) >> 32
        let relative = areaSize - 1 - Int(truncatingIfNeeded: y)
        // On later passes the window starts just past the current segment and wraps around.
        let start = pass == 0 || slice == Self.slices - 1 ? 0 : (slice + 1) * segmentLength
        let column = start + relative
        return column >= laneLength ? column - laneLength : column
    }
}
