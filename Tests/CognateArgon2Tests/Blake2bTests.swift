@testable import CognateArgon2
import Testing

@Suite("BLAKE2b")
struct Blake2bTests {
    @Test("RFC 7693 Appendix A: BLAKE2b-512(\"abc\")")
    func rfcAbc() {
        #expect(hex(Blake2b.hash(bytes("abc"), outputLength: 64)) ==
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
    }

    @Test("Empty message, unkeyed")
    func emptyUnkeyed() {
        #expect(hex(Blake2b.hash([], outputLength: 64)) ==
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
            + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")
    }

    @Test("BLAKE2 KAT: empty message, key 00..3f")
    func emptyKeyed() {
        let key = (0..<64).map { UInt8($0) }
        #expect(hex(Blake2b.hash([], outputLength: 64, key: key)) ==
            "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
            + "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568")
    }

    @Test("BLAKE2 KAT: 255-byte message 00..fe, key 00..3f (spans the block boundary)")
    func longKeyed() {
        let key = (0..<64).map { UInt8($0) }
        let message = (0..<255).map { UInt8($0) }
        #expect(hex(Blake2b.hash(message, outputLength: 64, key: key)) ==
            "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e9248"
            + "4be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461")
    }

    @Test("Short digest over exactly four blocks")
    func shortDigest() {
        let message = Array((0..<512).map { UInt8(truncatingIfNeeded: $0) })
        #expect(hex(Blake2b.hash(message, outputLength: 20)) == "e1695d971d2357c55fe6824cf175e915700ea2f2")
    }

    @Test("H' up to 64 bytes is one BLAKE2b of LE32(T) || X")
    func longHashShort() {
        #expect(hex(Blake2b.longHash(bytes("argon2"), outputLength: 64)) ==
            "56def21356f7c74024980bbcc9a722a60858d45f7a1ee64dcd04ddf300dbc6c9"
            + "b76ff7926aad792251056dc6d8c653bc85bcbe6221093d31bf00ebce0793cda6")
    }

    @Test("H' past 64 bytes chains BLAKE2b-512, 32 bytes a link")
    func longHashChained() {
        #expect(hex(Blake2b.longHash(bytes("argon2"), outputLength: 100)) ==
            "beeca67b2f88b70a118a1ecda3c76cebd9bb89a80430f1b239f8f64652ee621b"
            + "e09200d1e4269cb7232e87b70cddab6268ba066c96c34151deaf0e0a9cafc063"
            + "bd3202c2eeff4eb30e41e6b5dba0d0e1b3ffb2d4f118223297f58245b556c696"
            + "8c170e66")
    }
}
