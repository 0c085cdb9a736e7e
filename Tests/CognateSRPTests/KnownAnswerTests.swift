import Foundation
import Testing
@testable import CognateSRP

/// Vectors from pycognito's own maths (gen_kat.py): the server must reproduce every value a real
/// client depends on, byte for byte, including the padding edge cases each vector was chosen for.
@Suite struct KnownAnswerTests {
    @Test func multiplierMatchesPycognito() {
        #expect(SRPEncoding.hex(SRPGroup.cognito.multiplier) == knownMultiplierHex)
        let prime = SRPGroup.cognito.prime.bigEndianBytes
        #expect(prime.count == 384 && prime[0] >= 0x80)
    }

    @Test(arguments: knownAnswers)
    func verifierAndSalt(_ vector: KnownAnswer) {
        let salt = bytes(hex: vector.salt)
        #expect(SRPVerifier.saltHex(salt) == vector.saltHex)
        let verifier = SRPVerifier.verifier(poolName: poolName(vector), userId: vector.userId, password: vector.password, salt: salt)
        #expect(SRPEncoding.hex(verifier) == vector.verifier)
    }

    @Test(arguments: knownAnswers)
    func challenge(_ vector: KnownAnswer) throws {
        let challenge = try SRPServerChallenge(
            verifier: bytes(hex: vector.verifier), clientPublicKeyHex: vector.srpA, serverPrivateKey: bytes(hex: vector.b)
        )
        #expect(challenge.serverPublicKeyHex == vector.srpB)
        #expect(challenge.state == knownState(vector))
    }

    @Test(arguments: knownAnswers)
    func intermediateValues(_ vector: KnownAnswer) throws {
        // u, S and K separately, so a failure says which step diverged from pycognito.
        let state = knownState(vector)
        let a = try #require(SRPEncoding.integer(state.clientPublicKey))
        let bigB = try #require(SRPEncoding.integer(state.serverPublicKey))
        let u = SRPPasswordClaim.scramblingParameter(clientPublicValue: a, serverPublicValue: bigB)
        #expect(SRPEncoding.hex(u) == vector.u)
        #expect(SRPEncoding.hex(SRPEncoding.padded(u)) == vector.paddedU)
        let s = SRPPasswordClaim.premasterSecret(
            clientPublicValue: a, verifier: try #require(SRPEncoding.integer(bytes(hex: vector.verifier))), scramblingParameter: u,
            serverPrivateKey: bytes(hex: vector.b), group: .cognito
        )
        #expect(SRPEncoding.hex(SRPEncoding.padded(s)) == vector.s)
        let key = SRPPasswordClaim.derivedKey(premasterSecret: s, scramblingParameter: u)
        #expect(key.withUnsafeBytes { SRPEncoding.hex([UInt8]($0)) } == vector.key)
    }

    @Test(arguments: knownAnswers)
    func claimVerifies(_ vector: KnownAnswer) {
        // From the state as rebuilt from persisted bytes, as RespondToAuthChallenge will.
        #expect(SRPPasswordClaim.isValid(
            signature: vector.signature, timestamp: vector.timestamp, secretBlock: base64Bytes(vector.secretBlock),
            poolName: poolName(vector), userId: vector.userId, verifier: bytes(hex: vector.verifier),
            state: knownState(vector)
        ))
    }

    @Test func srpAIsReadAsAnInteger() throws {
        // Upper case and leading zeros do not change A, so neither B nor the claim.
        let vector = knownAnswers[1]
        let challenge = try SRPServerChallenge(
            verifier: bytes(hex: vector.verifier), clientPublicKeyHex: "000" + vector.srpA.uppercased(),
            serverPrivateKey: bytes(hex: vector.b)
        )
        #expect(challenge.serverPublicKeyHex == vector.srpB)
    }

    @Test func poolNameIsTheSecondPart() {
        #expect(SRPVerifier.poolName(fromPoolId: "us-east-1_AbC123") == "AbC123")
        #expect(SRPVerifier.poolName(fromPoolId: "nounderscore") == nil)
    }

    @Test func paddingRules() {
        #expect(SRPEncoding.padded(UInt3072(0)) == [0])
        #expect(SRPEncoding.padded(UInt3072(0x7F)) == [0x7F])
        #expect(SRPEncoding.padded(UInt3072(0x80)) == [0x00, 0x80])
        #expect(SRPEncoding.padded(UInt3072(0x0ABC)) == [0x0A, 0xBC])
        // Salts are padded from their bytes, whatever their length.
        #expect(SRPEncoding.padded(bytes: []) == [0])
        #expect(SRPEncoding.padded(bytes: [0, 0]) == [0])
        #expect(SRPEncoding.padded(bytes: [0, 0, 0x80, 0]) == [0, 0x80, 0])
        #expect(SRPEncoding.padded(bytes: [0, 0x7F]) == [0x7F])
        #expect(SRPEncoding.padded(bytes: [UInt8](repeating: 0xFF, count: 500)) == [0] + [UInt8](repeating: 0xFF, count: 500))
        #expect(SRPEncoding.integer(fromHex: "+1") == nil)
        #expect(SRPEncoding.integer(fromHex: "0x1") == nil)
        #expect(SRPEncoding.integer(fromHex: "") == nil)
        #expect(SRPEncoding.integer(fromHex: "abc") == UInt3072(0xABC))
        #expect(SRPEncoding.hex(UInt3072(0xABC)) == "abc")
        #expect(SRPEncoding.hex(UInt3072(0)) == "0")
        // 2³⁰⁷² − 1 parses, 2³⁰⁷² does not fit.
        #expect(SRPEncoding.integer(fromHex: String(repeating: "f", count: 768)) != nil)
        #expect(SRPEncoding.integer(fromHex: "1" + String(repeating: "0", count: 768)) == nil)
    }
}
