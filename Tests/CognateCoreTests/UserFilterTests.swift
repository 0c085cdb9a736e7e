import Testing

@testable import CognateCore

/// ListUsers' filter syntax.
@Suite struct UserFilterTests {
    @Test func parsesExactAndPrefixFilters() throws {
        #expect(try UserFilter.parse(#"email = "a@b.c""#) == UserFilter(field: .attribute("email"), match: .exact, value: "a@b.c"))
        #expect(try UserFilter.parse(#"  username^="al"  "#) == UserFilter(field: .username, match: .prefix, value: "al"))
        #expect(try UserFilter.parse(#"family_name = "O\"Brien \\ x""#) == UserFilter(field: .attribute("family_name"), match: .exact, value: #"O"Brien \ x"#))
        #expect(try UserFilter.parse(#"cognito:user_status = "CONFIRMED""#)?.field == .userStatus)
        #expect(try UserFilter.parse(#"status = "Enabled""#)?.field == .enabled)
        #expect(try UserFilter.parse(#"sub ^= """#) == UserFilter(field: .sub, match: .prefix, value: ""))
        #expect(try UserFilter.parse(nil) == nil)
        #expect(try UserFilter.parse("   ") == nil)
    }

    @Test func refusesMalformedFiltersAndUnsearchableAttributes() {
        for text in [#"email == "x""#, "email = x", #"email = "x"#, #"email "x""#, #"= "x""#, #"email = "x" y"#, #"email = "x\"#,
                     #"custom:tier = "x""#, #"address = "x""#, #"email ^ "x""#] {
            #expect(throws: CognitoError.self, "\(text)") { try UserFilter.parse(text) }
        }
    }
}
