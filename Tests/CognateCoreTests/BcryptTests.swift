import Testing

@testable import CognateCore

@Suite struct BcryptTests {
    /// Published vectors (jBCrypt's, and Openwall crypt_blowfish's from OpenBSD's regression tests), plus
    /// a few made with Python's `bcrypt` package.
    static let knownAnswers: [(password: [UInt8], hash: String)] = [
        (bytes(""), "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."),
        (bytes("a"), "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe"),
        (bytes("abc"), "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"),
        (bytes("abcdefghijklmnopqrstuvwxyz"), "$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC"),
        (bytes("~!@#$%^&*()      ~!@#$%^&*()PNBFRD"), "$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO"),
        (bytes("U*U"), "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
        (bytes("U*U*"), "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"),
        (bytes("U*U*U"), "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"),
        (bytes(""), "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"),
        (
            bytes("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored"),
            "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"
        ),
        ([0xFF, 0xFF, 0xA3], "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"),
        ([0xFF, 0xFF, 0xA3], "$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"),
        ([0xA3], "$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq"),
        (bytes("correct horse battery staple"), "$2b$04$Ro0CUfOqk6cXEKf3dyaM7O.hdNKVEpuYft0DyOYSdMeRB9Bfv6EYu"),
        (bytes("pässwörd 🔑"), "$2y$04$kRQgI0pDsOjpT7C1B3hvaOTvS67OkBc3YzAdpaVLBgSZ1NWw7OjEa"),
        (bytes(String(repeating: "Cognate-", count: 9)), "$2b$05$fFgIxH3rkS7nE.MQ4yB6/uIO1ZJWYm/MTiavGsMGO3InoKgSGKBz6"),
    ]

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: BcryptTests.knownAnswers.indices)
    func verifiesKnownAnswers(index: Int) {
        let (password, hash) = Self.knownAnswers[index]
        #expect(Bcrypt.recognizes(hash))
        #expect(Bcrypt.verify(password: password, against: hash))
        #expect(!Bcrypt.verify(password: Self.bytes("x") + password, against: hash))
    }

    @Test func ignoresEverythingAfterTheSeventySecondByte() {
        let exactly72 = Self.bytes(String(repeating: "Cognate-", count: 9))
        let hash = "$2b$05$fFgIxH3rkS7nE.MQ4yB6/uIO1ZJWYm/MTiavGsMGO3InoKgSGKBz6"
        #expect(exactly72.count == 72)
        #expect(Bcrypt.verify(password: exactly72 + Self.bytes("anything at all"), against: hash))
        #expect(!Bcrypt.verify(password: Array(exactly72.dropLast()), against: hash))
    }

    @Test func refusesWrongPasswords() {
        let hash = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
        for wrong in ["", "U*u", "U*U ", "U*", "U*U\u{0}"] {
            #expect(!Bcrypt.verify(password: Self.bytes(wrong), against: hash), "\(wrong)")
        }
    }

    @Test func refusesMalformedStrings() {
        let valid = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
        let password = Self.bytes("U*U")
        let malformed = [
            "",
            "$2a$",
            "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$2c$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$1a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$2$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeWa",
            "$argon2id$v=19$m=19456,t=2,p=1$CCCCCCCCCCCCCCCCCCCCC.E5YPO9k",
            "$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$2a$32$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$2a$5$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeWa",
            "$2a$-5$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$2a$05CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeWa",
            "$2a$05$CCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeWW",
            valid + "$",
            "$2a$05$CCCCCCCCCCCCCCCCCCCC+.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe=",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyO_W",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeé",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe\u{0}",
        ]
        #expect(Bcrypt.verify(password: password, against: valid))
        for text in malformed {
            #expect(!Bcrypt.verify(password: password, against: text), "\(text)")
        }
        #expect(!Bcrypt.recognizes(""))
        #expect(!Bcrypt.recognizes("$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
        #expect(!Bcrypt.recognizes(valid + "W"))
        #expect(!Bcrypt.recognizes("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo"))
    }

    @Test func hashesMatchAnotherImplementation() {
        #expect(
            Bcrypt.hash(password: Self.bytes("cognate"), salt: Array(0..<16), cost: 4)
                == "$2b$04$..CA.uOD/eaGAOmJB.yMBuZazL9.MeUX8uW4peYW2SHORbLltamtS")
        #expect(
            Bcrypt.hash(password: [], salt: [UInt8](repeating: 0xFF, count: 16), cost: 5)
                == "$2b$05$999999999999999999999u2x1vY2OFo6MuyNyzSJNXQ22JBpMOPh6")
    }

    @Test func hashesRoundTripThroughVerify() throws {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 20, 71, 72, 90] {
            let password = (0..<length).map { _ in UInt8.random(in: 1...255, using: &generator) }
            let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let hash = try #require(Bcrypt.hash(password: password, salt: salt, cost: 4))
            #expect(hash.hasPrefix("$2b$04$"))
            #expect(Bcrypt.recognizes(hash))
            #expect(Bcrypt.verify(password: password, against: hash))
            if length < 72 { #expect(!Bcrypt.verify(password: password + [0x21], against: hash)) }
            #expect(!Bcrypt.verify(password: [0x21] + password, against: hash))
        }
    }

    @Test func refusesCostsAndSaltsItCannotUse() {
        #expect(Bcrypt.hash(password: [], salt: Array(0..<16), cost: 3) == nil)
        #expect(Bcrypt.hash(password: [], salt: Array(0..<16), cost: 32) == nil)
        #expect(Bcrypt.hash(password: [], salt: Array(0..<15), cost: 4) == nil)
        #expect(Bcrypt.hash(password: [], salt: Array(0..<17), cost: 4) == nil)
    }
}
