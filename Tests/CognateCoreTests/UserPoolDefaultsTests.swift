import CognitoModel
import Foundation
import Testing

@testable import CognateCore

/// How a CreateUserPool request becomes a pool description.
@Suite struct UserPoolDefaultsTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func refusesAliasAndUsernameAttributesTogether() {
        #expect(throws: CognitoError.self) {
            try UserPoolService.describe(
                CreateUserPoolRequest(poolName: "p", aliasAttributes: [.email], usernameAttributes: [.email]), now: now
            )
        }
    }

    @Test func keepsWhatTheRequestSetAndFillsTheRest() throws {
        let request = CreateUserPoolRequest(
            poolName: "p",
            policies: UserPoolPolicyType(passwordPolicy: PasswordPolicyType(minimumLength: 12, requireSymbols: false)),
            emailVerificationMessage: "Code: {####}", emailVerificationSubject: "Verify"
        )
        let pool = try UserPoolService.describe(request, now: now)
        #expect(pool.policies?.passwordPolicy?.minimumLength == 12)
        #expect(pool.policies?.passwordPolicy?.requireSymbols == false)
        #expect(pool.policies?.passwordPolicy?.requireNumbers == false)  // absent in a given policy means not required
        #expect(pool.verificationMessageTemplate?.emailMessage == "Code: {####}")
        #expect(pool.verificationMessageTemplate?.defaultEmailOption == .confirmWithCode)
        #expect(pool.emailConfiguration?.emailSendingAccount == .cognitoDefault)
        #expect(pool.adminCreateUserConfig?.unusedAccountValidityDays == 7)
    }

    @Test func prefixesCustomAttributesAndMergesStandardOnes() throws {
        let schema = try SchemaBuilder.schema(adding: [
            SchemaAttributeType(name: "email", attributeDataType: .string, mutable: true, required: true),
            SchemaAttributeType(name: "tenant", attributeDataType: .string),
            SchemaAttributeType(name: "secret", developerOnlyAttribute: true),
        ])
        #expect(schema.first { $0.name == "email" }?.required == true)
        #expect(schema.contains { $0.name == "custom:tenant" })
        #expect(schema.contains { $0.name == "dev:custom:secret" && $0.developerOnlyAttribute == true })
        #expect(throws: CognitoError.self) {
            try SchemaBuilder.schema(adding: [SchemaAttributeType(name: "tenant", required: true)])
        }
        #expect(throws: CognitoError.self) {
            try SchemaBuilder.schema(adding: [SchemaAttributeType(name: "email", attributeDataType: .number)])
        }
    }
}
