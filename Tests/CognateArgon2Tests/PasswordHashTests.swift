import CognateArgon2
import Testing

@Suite("PasswordHash")
struct PasswordHashTests {
    static let small = Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 2)
    static let salt = [UInt8](repeating: 0xA5, count: 16)

    @Test("Reads and writes the reference C implementation's PHC strings", arguments: [
        ("$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI", 64, 2, 1),
        ("$argon2id$v=19$m=96,t=3,p=3$c29tZXNhbHQ$9QxL5MG1XkynfgI16bgTkYOFE47pjaor", 96, 3, 3),
    ])
    func readsReference(phc: String, memoryKiB: Int, iterations: Int, parallelism: Int) throws {
        let parsed = try #require(PasswordHash(phc: phc))
        #expect(parsed.phc == phc)
        #expect(parsed.salt == bytes("somesalt"))
        #expect(parsed.memoryKiB == memoryKiB)
        #expect(parsed.iterations == iterations)
        #expect(parsed.parallelism == parallelism)
        #expect(PasswordHash.verify(password: bytes("password"), phc: phc))
        #expect(!PasswordHash.verify(password: bytes("Password"), phc: phc))
    }

    @Test("Round trip: hash, encode, parse, verify")
    func roundTrip() throws {
        let made = PasswordHash(password: bytes("hunter2"), salt: Self.salt, parameters: Self.small)
        #expect(made.phc.hasPrefix("$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$"))
        let parsed = try #require(PasswordHash(phc: made.phc))
        #expect(parsed == made)
        #expect(parsed.parameters == Self.small)
        #expect(PasswordHash.verify(password: bytes("hunter2"), phc: made.phc))
        #expect(!PasswordHash.verify(password: bytes("hunter3"), phc: made.phc))
        #expect(!PasswordHash.verify(password: [], phc: made.phc))
    }

    @Test("Salt and tag lengths that leave 1 or 2 base64 remainder characters")
    func oddLengths() throws {
        for (saltLength, tagLength) in [(8, 4), (9, 5), (10, 6), (17, 33)] {
            let parameters = Argon2Parameters(memoryKiB: 8, iterations: 1, parallelism: 1, outputLength: tagLength, saltLength: saltLength)
            let made = PasswordHash(password: bytes("pw"), salt: [UInt8](repeating: 0xFF, count: saltLength), parameters: parameters)
            let parsed = try #require(PasswordHash(phc: made.phc))
            #expect(parsed == made)
            #expect(parsed.verify(password: bytes("pw")))
        }
    }

    @Test("needsRehash compares every setting")
    func needsRehash() {
        let phc = PasswordHash(password: bytes("pw"), salt: Self.salt, parameters: Self.small).phc
        #expect(!PasswordHash.needsRehash(phc: phc, parameters: Self.small))
        #expect(PasswordHash.needsRehash(phc: phc))
        var changed = Self.small
        changed.iterations = 2
        #expect(PasswordHash.needsRehash(phc: phc, parameters: changed))
        changed = Self.small
        changed.outputLength = 64
        #expect(PasswordHash.needsRehash(phc: phc, parameters: changed))
        changed = Self.small
        changed.saltLength = 32
        #expect(PasswordHash.needsRehash(phc: phc, parameters: changed))
        #expect(PasswordHash.needsRehash(phc: "not a hash"))
    }

    static let good = "$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    @Test("Rejects malformed PHC strings without trapping", arguments: [
        "",
        "$",
        "$$$$$",
        "argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2i$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2d$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=16$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$t=1,m=64,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=2,keyid=abc$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=064,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=+64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=-64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=0,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=0$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=15,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=4294967296,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=99999999999999999999999,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=16777216$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpR$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlp$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=2$paWlpa-lpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=2$cGFzcw$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAA",
        "$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$",
        "$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$",
        "$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ",
        "$argon2id$v=19$m=６４,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=2$paWlpaWlpaWlpaWlpaWlpQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u{00E9}",
    ])
    func rejectsMalformed(phc: String) {
        #expect(PasswordHash(phc: phc) == nil)
        #expect(!PasswordHash.verify(password: bytes("hunter2"), phc: phc))
        #expect(PasswordHash.needsRehash(phc: phc, parameters: Self.small))
    }

    @Test("The well-formed string the malformed ones are cut from does parse")
    func controlParses() {
        #expect(PasswordHash(phc: Self.good) != nil)
        #expect(!PasswordHash.verify(password: bytes("hunter2"), phc: Self.good))
    }
}
