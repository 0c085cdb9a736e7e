import CognitoModel
import Foundation
import Testing

@testable import CognateCore

@Suite struct SupportTests {
    @Test func pageTokensRoundTripAndRefuseGarbage() throws {
        for key in ["us-east-1_abc", "ünïcødé/+=", "a"] {
            #expect(try PageToken.decode(PageToken.encode(key)) == key)
        }
        #expect(throws: CognitoError.self) { try PageToken.decode("") }
    }

    @Test func stringMapsRoundTripAndReadWhatFoundationWrote() throws {
        let attributes = ["email": "a/b@example.com", "name": "Zoë \"Q\" \\ \n\t\u{1}", "custom:empty": "", "sub": "x"]
        #expect(try DocumentCoding.decodeStringMap(DocumentCoding.encode(attributes)) == attributes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let foundation = String(decoding: try encoder.encode(attributes), as: UTF8.self)
        #expect(foundation.contains("\\/"), "Foundation escapes slashes; they must read back all the same")
        #expect(try DocumentCoding.decodeStringMap(foundation) == attributes)
        #expect(throws: WireShapeMismatch.self) { try DocumentCoding.decodeStringMap("[]") }
        #expect(throws: WireShapeMismatch.self) { try DocumentCoding.decodeStringMap(#"{"a": 1}"#) }
        #expect(throws: (any Error).self) { try DocumentCoding.decodeStringMap("{") }
    }

    @Test func randomStringsUseOnlyTheAlphabet() {
        let text = SystemRandomSource().string(length: 500, alphabet: .lowercaseAlphanumeric)
        #expect(text.count == 500)
        #expect(text.allSatisfy { [Character].lowercaseAlphanumeric.contains($0) })
        #expect(Set(text).count > 20)
    }

    @Test func comparesInConstantTime() {
        #expect(ConstantTime.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!ConstantTime.equal([], [0]))
    }

    @Test func base64URLMatchesFoundationForEveryLengthAndRefusesNonCanonicalText() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected)
            #expect(Base64URL.decode(expected) == Data(bytes))
        }
        #expect(Base64URL.decode("A") == nil)  // a length of 1 mod 4 cannot be base64
        #expect(Base64URL.decode("AB=") == nil)  // padding is not base64url as JWTs use it
        #expect(Base64URL.decode("a+b/") == nil)  // the standard alphabet's characters
        #expect(Base64URL.decode("AB") == nil)  // non-zero unused bits: "AA" is the canonical form of [0]
        #expect(Base64URL.decode("AA") == Data([0]))
    }

    @Test func serializesJSONAsFoundationDoesWithSortedKeys() throws {
        let value = JSONValue.object([
            "sub": .string("a/b \"q\" \\ \n\t\u{01} é 😀"), "n": .integer(-42), "ok": .bool(true), "none": .null,
            "list": .array([.string("x"), .integer(1), .number(1.5)]), "nested": .object(["z": .bool(false), "a": .array([])]),
        ])
        let ours = Data(value.serialized)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(try JSONDecoder().decode(JSONValue.self, from: ours) == value)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
