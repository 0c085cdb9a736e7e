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

/// The direct JSON parser against Foundation's `JSONDecoder`: the same values for valid documents, and a
/// refusal wherever `JSONDecoder` refuses.
@Suite struct JSONParsingTests {
    func foundation(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    func ours(_ text: String) -> JSONValue? {
        try? JSONValue.parse(Array(text.utf8))
    }

    @Test func agreesWithFoundationOnHandPickedDocuments() {
        let documents = [
            #"{}"#, #"[]"#, #" { "a" : [ 1 , -2 , 3.5 , -0.25e-3 , 1E2 , 1.0 , true , false , null ] } "#,
            #"{"s":"plain \"quoted\" \\ \/ \b\f\n\r\t \u00e9 \u20AC \ud83d\ude00 é 😀"}"#,
            #"{"big":9223372036854775807,"small":-9223372036854775808,"huge":1e300,"tiny":5e-324}"#,
            #"{"dup":1,"dup":2}"#, #""just a string""#, #"12"#, #"{"nested":{"a":{"b":[[],[{}]]}}}"#,
        ]
        for document in documents {
            #expect(ours(document) != nil, "\(document)")
            #expect(ours(document) == foundation(document), "\(document)")
        }
    }

    @Test func refusesWhatRFC8259Refuses() {
        let invalid = [
            "", " ", "{", "}", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, "[01]", "[1.]", "[.5]", "[-]", "[1e]", "[+1]",
            "[NaN]", "[Infinity]", "[tru]", "[nul]", #"["\x"]"#, #"["\u12"]"#, #"["\ud800"]"#, #"["\udc00"]"#,
            "[\"tab\there\"]", "[1] [2]", #"{"a":1}}"#, "['single']",
        ]
        for document in invalid {
            #expect(ours(document) == nil, "\(document)")
        }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }  // not UTF-8
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Array(String(repeating: "[", count: 10).utf8) + Array(String(repeating: "]", count: 10).utf8), depthLimit: 5) }
    }

    @Test func agreesWithFoundationOnRandomDocuments() {
        var generator = SystemRandomNumberGenerator()
        func random(_ depth: Int) -> String {
            switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &generator) {
            case 0: return ["true", "false", "null"].randomElement(using: &generator)!
            case 1: return String(Int64.random(in: .min ... .max, using: &generator))
            case 2: return String(Double.random(in: -1e6...1e6, using: &generator))
            case 3, 4:
                let pieces = ["a", "é", "\\n", "\\\"", "\\u0041", "😀", " ", "\\/", "0"]
                return "\"" + (0..<Int.random(in: 0..<6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() + "\""
            case 5: return "[" + (0..<Int.random(in: 0..<4, using: &generator)).map { _ in random(depth + 1) }.joined(separator: ",") + "]"
            default:
                return "{" + (0..<Int.random(in: 0..<4, using: &generator)).map { i in "\"k\(i)\": " + random(depth + 1) }.joined(separator: ", ") + "}"
            }
        }
        for _ in 0..<500 {
            let document = random(0)
            #expect(ours(document) == foundation(document), "\(document)")
        }
    }
}
