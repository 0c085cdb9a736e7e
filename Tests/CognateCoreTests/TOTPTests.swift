import Foundation
import Testing

@testable import CognateCore

/// TOTP against RFC 6238's appendix B (SHA-1 vectors, last six digits) and base32 against RFC 4648 §10.
@Suite struct TOTPTests {
    static let secret = Array("12345678901234567890".utf8)

    @Test(arguments: [
        (59.0, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
        (2_000_000_000, "279037"), (20_000_000_000, "353130"),
    ])
    func matchesRFC6238(_ vector: (Double, String)) {
        let date = Date(timeIntervalSince1970: vector.0)
        #expect(TOTP.code(secret: Self.secret, step: TOTP.step(at: date)) == vector.1)
        #expect(TOTP.matchingStep(vector.1, secret: Self.secret, at: date) == TOTP.step(at: date))
    }

    @Test func acceptsOneStepOfDriftAndNoMore() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = TOTP.step(at: now)
        for offset: Int64 in [-1, 0, 1] {
            #expect(TOTP.matchingStep(TOTP.code(secret: Self.secret, step: step + offset), secret: Self.secret, at: now) == step + offset)
        }
        for offset: Int64 in [-3, -2, 2, 3] {
            #expect(TOTP.matchingStep(TOTP.code(secret: Self.secret, step: step + offset), secret: Self.secret, at: now) == nil)
        }
        #expect(TOTP.matchingStep("12345", secret: Self.secret, at: now) == nil)
        #expect(TOTP.matchingStep("", secret: Self.secret, at: now) == nil)
    }

    @Test func base32MatchesRFC4648() {
        let vectors = [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
    }
}
