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
}
