import Foundation
import Testing
@testable import CognateSRP

/// What must fail: wrong passwords, the SRP-6a degenerate values, and any change to the signed message.
@Suite struct NegativeTests {
    let vector = knownAnswers[0]

    func isValid(
        _ vector: KnownAnswer, signature: String? = nil, timestamp: String? = nil, secretBlock: [UInt8]? = nil,
        poolName name: String? = nil, userId: String? = nil, verifier: [UInt8]? = nil, state: SRPChallengeState? = nil
    ) -> Bool {
        SRPPasswordClaim.isValid(
            signature: signature ?? vector.signature,
            timestamp: timestamp ?? vector.timestamp,
            secretBlock: secretBlock ?? base64Bytes(vector.secretBlock),
            poolName: name ?? poolName(vector),
            userId: userId ?? vector.userId,
            verifier: verifier ?? bytes(hex: vector.verifier),
            state: state ?? knownState(vector)
        )
    }

    @Test func untouchedClaimIsValid() {
        #expect(isValid(vector))
    }

    @Test func wrongPasswordFails() throws {
        // The client's claim was made with vector.password; the server holds another password's verifier.
        let other = SRPVerifier.verifier(
            poolName: poolName(vector), userId: vector.userId, password: vector.password + "x", salt: bytes(hex: vector.salt)
        )
        let state = try SRPServerChallenge(verifier: other, clientPublicKeyHex: vector.srpA, serverPrivateKey: bytes(hex: vector.b)).state
        #expect(!isValid(vector, verifier: other, state: state))
        // The recorded challenge, but the verifier changed since (password reset in between).
        #expect(!isValid(vector, verifier: other))
    }

    @Test func unicodeIsNotNormalised() {
        // NFC "é" and NFD "e\u{301}" are equal Swift Strings but different bytes; clients hash bytes.
        let salt = bytes(hex: vector.salt)
        let nfc = SRPVerifier.verifier(poolName: "p", userId: "u", password: "\u{e9}", salt: salt)
        let nfd = SRPVerifier.verifier(poolName: "p", userId: "u", password: "e\u{301}", salt: salt)
        #expect(nfc != nfd)
    }

    @Test(arguments: ["0", "00", "", "xyz", "-1", "0x10", " 1"])
    func malformedOrZeroAIsRefused(_ srpA: String) {
        #expect(throws: SRPError.invalidClientPublicKey) {
            try SRPServerChallenge(verifier: bytes(hex: vector.verifier), clientPublicKeyHex: srpA, serverPrivateKey: bytes(hex: vector.b))
        }
    }

    @Test(arguments: [0, 1, 2])
    func multiplesOfNAndAboveAreRefused(_ multiple: Int) {
        let prime = Natural(SRPGroup.cognito.prime)
        // (multiple + 1)·N, which needs 3073 bits from 2N on, and N + multiple + 1.
        let product = (0 ..< multiple).reduce(prime) { sum, _ in sum + prime }
        let values = [product, prime + Natural(UInt64(multiple + 1))]
        for value in values {
            #expect(throws: SRPError.invalidClientPublicKey) {
                try SRPServerChallenge(
                    verifier: bytes(hex: vector.verifier), clientPublicKeyHex: value.description,
                    serverPrivateKey: bytes(hex: vector.b)
                )
            }
        }
    }

    @Test func tooLongSrpAIsRefusedBeforeParsing() {
        #expect(throws: SRPError.invalidClientPublicKey) {
            try SRPServerChallenge(
                verifier: bytes(hex: vector.verifier), clientPublicKeyHex: String(repeating: "0", count: 100_000) + "1",
                serverPrivateKey: bytes(hex: vector.b)
            )
        }
    }

    @Test func degenerateBIsRetryable() {
        // A verifier chosen so that k·v + g^b ≡ 0 (mod N) for this b.
        let group = SRPGroup.cognito
        let b = bytes(hex: vector.b)
        let gb = group.power(group.generator, b)
        // N is prime, so k⁻¹ = k^(N−2) (Fermat).
        let kInverse = group.power(group.multiplier, (Natural(group.prime) - Natural(2)).bytes)
        let v = group.modulus.multiply(group.modulus.subtract(UInt3072(0), gb), kInverse)
        #expect(group.modulus.add(group.modulus.multiply(group.multiplier, v), gb) == UInt3072(0))
        #expect(throws: SRPError.degenerateServerKey) {
            try SRPServerChallenge(verifier: SRPEncoding.padded(v), clientPublicKeyHex: vector.srpA, serverPrivateKey: b)
        }
    }

    @Test func badServerInputsAreCallerErrors() {
        #expect(throws: SRPError.invalidServerPrivateKey) {
            try SRPServerChallenge(verifier: bytes(hex: vector.verifier), clientPublicKeyHex: vector.srpA, serverPrivateKey: [UInt8](repeating: 7, count: 31))
        }
        #expect(throws: SRPError.invalidServerPrivateKey) {
            try SRPServerChallenge(verifier: bytes(hex: vector.verifier), clientPublicKeyHex: vector.srpA, serverPrivateKey: [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: SRPError.invalidVerifier) {
            try SRPServerChallenge(verifier: [0], clientPublicKeyHex: vector.srpA, serverPrivateKey: bytes(hex: vector.b))
        }
    }

    @Test func tamperedSecretBlockFails() {
        var block = base64Bytes(vector.secretBlock)
        block[block.count / 2] ^= 0x01
        #expect(!isValid(vector, secretBlock: block))
        #expect(!isValid(vector, secretBlock: Array(base64Bytes(vector.secretBlock).dropLast())))
    }

    @Test func tamperedTimestampFails() {
        #expect(!isValid(vector, timestamp: vector.timestamp.replacingOccurrences(of: ":09 ", with: ":10 ")))
        // Same instant, different bytes: the signature covers the string, not the date.
        #expect(!isValid(vector, timestamp: vector.timestamp.replacingOccurrences(of: " 3 ", with: " 03 ")))
    }

    @Test func otherIdentityFails() {
        #expect(!isValid(vector, poolName: "Other"))
        #expect(!isValid(vector, userId: vector.userId + " "))
    }

    @Test func malformedSignatureFails() {
        let signature = base64Bytes(vector.signature)
        var flipped = signature
        flipped[0] ^= 0x80
        #expect(!isValid(vector, signature: Data(flipped).base64EncodedString()))
        #expect(!isValid(vector, signature: Data(signature.dropLast()).base64EncodedString()))
        #expect(!isValid(vector, signature: "not base64!"))
        #expect(!isValid(vector, signature: ""))
    }

    @Test func tamperedStateFails() {
        let state = knownState(vector)
        let zeroA = SRPChallengeState(clientPublicKey: [0], serverPrivateKey: state.serverPrivateKey, serverPublicKey: state.serverPublicKey)
        #expect(!isValid(vector, state: zeroA))
        var otherB = state.serverPrivateKey
        otherB[0] ^= 1
        let wrongSecret = SRPChallengeState(clientPublicKey: state.clientPublicKey, serverPrivateKey: otherB, serverPublicKey: state.serverPublicKey)
        #expect(!isValid(vector, state: wrongSecret))
    }
}
