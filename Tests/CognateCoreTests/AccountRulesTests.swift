import CognitoModel
import Crypto
import Foundation
import Testing

@testable import CognateCore

/// Pure rules of accounts and sign-in: lockout, password policy, masks, secret hashes, sealed sessions.
@Suite struct AccountRulesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func user(failed: Int = 0, lockedUntil: Date? = nil) -> UserRecord {
        UserRecord(
            poolId: "p", sub: "s", username: "u", usernameKey: "u", status: .confirmed, attributes: [:], createdAt: now,
            lastModifiedAt: now, failedAttempts: failed, lockedUntil: lockedUntil
        )
    }

    @Test func locksOutAfterFiveFailuresDoublingUpToFifteenMinutes() throws {
        var record = user()
        for _ in 0..<4 { record = Lockout.failed(record, now: now) }
        #expect(record.lockedUntil == nil)
        record = Lockout.failed(record, now: now)
        #expect(record.lockedUntil == now.addingTimeInterval(1))
        record = Lockout.failed(record, now: now)
        #expect(record.lockedUntil == now.addingTimeInterval(2))
        for _ in 0..<20 { record = Lockout.failed(record, now: now) }
        #expect(record.lockedUntil == now.addingTimeInterval(900))
        #expect(throws: CognitoError.notAuthorized("Password attempts exceeded")) { try Lockout.check(record, now: now) }
        try Lockout.check(record, now: now.addingTimeInterval(901))
        #expect(Lockout.succeeded(record).failedAttempts == 0)
    }

    @Test func checksThePasswordPolicy() throws {
        let strict = PasswordPolicyDefaults.filled(nil)
        try PasswordPolicyCheck.check("Abcdef1!", policy: strict)
        for password in ["Abc1!", "abcdefg1!", "ABCDEFG1!", "Abcdefgh!", "Abcdefgh1"] {
            #expect(throws: CognitoError.self, "\(password)") { try PasswordPolicyCheck.check(password, policy: strict) }
        }
        try PasswordPolicyCheck.check("simple", policy: PasswordPolicyType(minimumLength: 6))
    }

    @Test func masksDestinationsAsCognitoDoes() {
        #expect(MessageTemplates.maskedEmail("alice@example.com") == "a***@e***")
        #expect(CodeDelivery.details(for: ("phone_number", "+15555550123")).destination == "+*******0123")
    }

    @Test func rendersTemplates() {
        let pool = UserPoolType(emailVerificationMessage: "Code {####}!", emailVerificationSubject: "Hi")
        #expect(MessageTemplates.verification(code: "123456", pool: pool) == .init(subject: "Hi", body: "Code 123456!"))
        let invite = MessageTemplates.invitation(username: "bob", temporaryPassword: "T3mp!", pool: UserPoolType())
        #expect(invite.body.contains("bob") && invite.body.contains("T3mp!"))
    }

    @Test func computesSecretHashesLikeTheSDKs() {
        // base64(HMAC-SHA256(key: secret, message: username + clientId)), computed independently with openssl.
        #expect(ClientContext.secretHash(secret: "secret", username: "alice", clientId: "client") == "RTsve+FQ659UKyESgvLg9GYmZEL+QjzQsW/OjL77/b0=")
    }

    @Test func sealsSessionsThatOnlyThisKeyOpens() throws {
        let sealer = KeySealer(masterKey: SymmetricKey(size: .bits256))
        let session = AuthSession(poolId: "p", clientId: "c", sub: "s", challenge: .newPasswordRequired, expiresAt: now.addingTimeInterval(180))
        let sealed = try session.seal(with: sealer)
        #expect(try AuthSession.open(sealed, with: sealer, now: now, challenge: .newPasswordRequired, clientId: "c").sub == "s")
        #expect(throws: CognitoError.self) { try AuthSession.open(sealed, with: sealer, now: now.addingTimeInterval(181), challenge: .newPasswordRequired, clientId: "c") }
        #expect(throws: CognitoError.self) { try AuthSession.open(sealed, with: sealer, now: now, challenge: .passwordVerifier, clientId: "c") }
        #expect(throws: CognitoError.self) { try AuthSession.open(sealed, with: sealer, now: now, challenge: .newPasswordRequired, clientId: "other") }
        let stranger = KeySealer(masterKey: SymmetricKey(size: .bits256))
        #expect(throws: CognitoError.self) { try AuthSession.open(sealed, with: stranger, now: now, challenge: .newPasswordRequired, clientId: "c") }
    }

    @Test func issuesSixDigitCodesStoredOnlyAsHashes() {
        let codes = VerificationCodes(random: SystemRandomSource(), clock: FixedClock(instant: now))
        let (code, record) = codes.issue(poolId: "p", sub: "s", purpose: .forgotPassword)
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        #expect(!record.codeHash.contains(code))
        #expect(record.expiresAt == now.addingTimeInterval(3600))
        #expect(codes.issue(poolId: "p", sub: "s", purpose: .signUp).record.expiresAt == now.addingTimeInterval(86400))
    }

    @Test func makesTemporaryPasswordsWithinThePolicy() throws {
        let policy = PasswordPolicyDefaults.filled(PasswordPolicyType(minimumLength: 16, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true))
        for _ in 0..<50 {
            try PasswordPolicyCheck.check(TemporaryPassword.generate(policy: policy, random: SystemRandomSource()), policy: policy)
        }
    }
}

struct FixedClock: WallClock {
    let instant: Date
    func now() -> Date { instant }
}

@Suite struct ConfirmationLinkTests {
    @Test func replacesTheLinkTextWithAnEscapedAnchor() {
        let pool = UserPoolType(verificationMessageTemplate: VerificationMessageTemplateType(
            emailMessageByLink: "Hi <there> {##Verify##} bye", emailSubjectByLink: "Verify", defaultEmailOption: .confirmWithLink
        ))
        let link = ConfirmationLink(publicURL: "https://id.example.com", clientId: "c1", username: "a b")
        let message = MessageTemplates.signUpVerification(code: "123456", pool: pool, link: link)
        let url = "https://id.example.com/confirmUser?client_id=c1&user_name=a%20b&confirmation_code=123456"
        #expect(message.body == "Hi <there> Verify: \(url) bye")
        #expect(message.html == "Hi &lt;there&gt; <a href=\"\(url.replacingOccurrences(of: "&", with: "&amp;"))\">Verify</a> bye")
        #expect(MessageTemplates.signUpVerification(code: "1", pool: UserPoolType(), link: link).html == nil)
    }
}
