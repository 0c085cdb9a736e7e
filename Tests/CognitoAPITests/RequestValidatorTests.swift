import CognateCore
import CognitoModel
import Foundation
import Testing

@testable import CognitoAPI

/// Validation from the model, with Cognito's messages.
@Suite struct RequestValidatorTests {
    let validator = RequestValidator(model: .cognitoIdentityProvider)

    func message(_ json: String, shape: String) throws -> String? {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        do {
            try validator.validate(value, shape: shape)
            return nil
        } catch let error as CognitoError {
            #expect(error.code == .invalidParameter)
            return error.message
        }
    }

    @Test func acceptsAValidRequest() throws {
        #expect(try message(#"{"PoolName":"tutorial","Policies":{"PasswordPolicy":{"MinimumLength":8}}}"#, shape: "CreateUserPoolRequest") == nil)
    }

    @Test func namesAMissingRequiredMember() throws {
        #expect(
            try message("{}", shape: "CreateUserPoolRequest")
                == "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null"
        )
    }

    @Test func checksLengthsPatternsAndRanges() throws {
        let long = String(repeating: "a", count: 129)
        #expect(
            try message(#"{"PoolName":"\#(long)"}"#, shape: "CreateUserPoolRequest")?
                .hasSuffix("at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128") == true
        )
        #expect(
            try message(#"{"PoolName":"a#b"}"#, shape: "CreateUserPoolRequest")
                == #"1 validation error detected: Value 'a#b' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+"#
        )
        #expect(
            try message(#"{"PoolName":"p","Policies":{"PasswordPolicy":{"MinimumLength":100}}}"#, shape: "CreateUserPoolRequest")
                == "1 validation error detected: Value '100' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value less than or equal to 99"
        )
    }

    @Test func checksEnumsAndListMembers() throws {
        let text = try message(#"{"PoolName":"p","MfaConfiguration":"SOMETIMES","AutoVerifiedAttributes":["email","fax"]}"#, shape: "CreateUserPoolRequest")
        #expect(text?.hasPrefix("2 validation errors detected: ") == true)
        #expect(text?.contains("at 'autoVerifiedAttributes.2.member' failed to satisfy constraint: Member must satisfy enum value set: [phone_number, email]") == true)
        #expect(text?.contains("Value 'SOMETIMES' at 'mfaConfiguration'") == true)
    }

    @Test func neverEchoesASensitiveValue() throws {
        let text = try message(#"{"ClientId":"c","Username":"u","Password":"has space"}"#, shape: "SignUpRequest")
        #expect(text == #"1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\S]+"#)
    }

    @Test func reportsWrongTypesAsTypeMismatches() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"PoolName":"p","Policies":{"PasswordPolicy":{"MinimumLength":"8"}}}"#.utf8))
        #expect(throws: RequestValidator.TypeMismatch.self) { try validator.validate(value, shape: "CreateUserPoolRequest") }
    }

    @Test func matchesWholeValuesOnly() {
        #expect(PatternCache.shared.matches("us-east-1_abc", pattern: #"[\w-]+_[0-9a-zA-Z]+"#))
        #expect(!PatternCache.shared.matches("us-east-1_abc\n", pattern: #"[\w-]+_[0-9a-zA-Z]+"#))
        #expect(!PatternCache.shared.matches("us-east-1_abc!", pattern: #"[\w-]+_[0-9a-zA-Z]+"#))
    }

    @Test func preflightsNestingAndTrailingCommasWithoutParsing() {
        #expect(JSONPreflight.problem(in: Array(#"{"a":[{"b":"[[[[,}"}]}"#.utf8), depthLimit: 3) == nil)
        #expect(JSONPreflight.problem(in: Array(#"{"a":[{"b":[1]}]}"#.utf8), depthLimit: 3) == .tooDeep)
        #expect(JSONPreflight.problem(in: Array("{\"a\":1 ,\n }".utf8), depthLimit: 3) == .trailingComma)
        #expect(JSONPreflight.problem(in: Array(#"[1,2,]"#.utf8), depthLimit: 3) == .trailingComma)
        #expect(JSONPreflight.problem(in: Array(#"{"a":"x,}"}"#.utf8), depthLimit: 3) == nil)
    }
}
