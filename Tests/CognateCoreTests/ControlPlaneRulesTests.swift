import CognitoModel
import Foundation
import Testing

@testable import CognateCore

/// Cognito's rules for client URLs, token lifetimes, CSS, domains and provider details.
@Suite struct ControlPlaneRulesTests {
    @Test(arguments: [
        "https://app.example.com/callback", "http://localhost:3000/cb", "http://127.0.0.1/cb", "http://[::1]:8080/cb",
        "myapp://signin", "https://example.com/path?x=1",
    ])
    func acceptsRedirectURLs(url: String) {
        #expect(RedirectURIRules.isAcceptable(url))
    }

    @Test(arguments: [
        "http://app.example.com/cb", "https://example.com/cb#frag", "/relative/cb", "callback", "javascript:alert(1)",
        "https://", "data:text/html,x",
    ])
    func refusesRedirectURLs(url: String) {
        #expect(!RedirectURIRules.isAcceptable(url))
    }

    @Test func boundsTokenLifetimes() throws {
        try TokenValidity(UserPoolClientType(refreshTokenValidity: 30, accessTokenValidity: 1, idTokenValidity: 1)).check()
        let minutes = TokenValidityUnitsType(accessToken: .minutes, idToken: .minutes, refreshToken: .minutes)
        #expect(throws: CognitoError.self) {
            try TokenValidity(UserPoolClientType(refreshTokenValidity: 60, accessTokenValidity: 4, tokenValidityUnits: minutes)).check()
        }
        #expect(throws: CognitoError.self) {
            try TokenValidity(UserPoolClientType(refreshTokenValidity: 59, accessTokenValidity: 5, idTokenValidity: 5, tokenValidityUnits: minutes)).check()
        }
        #expect(throws: CognitoError.self) {
            try TokenValidity(UserPoolClientType(accessTokenValidity: 25)).check()
        }
        let defaults = TokenValidity(UserPoolClientType())
        #expect(defaults.accessTokenSeconds == 3600 && defaults.idTokenSeconds == 3600 && defaults.refreshTokenSeconds == 30 * 86400)
    }

    @Test func allowsOnlyTheCustomizableClasses() throws {
        try CSSRules.check(".label-customizable {font-weight: 400;}")
        try CSSRules.check(".submitButton-customizable:hover, .logo-customizable { color: #f00 }\n")
        for css in ["body { color: red }", "@import 'x.css';", ".logo-customizable { background: url(http://x) }", ".label-customizable {", "x"] {
            #expect(throws: CognitoError.self, "\(css)") { try CSSRules.check(css) }
        }
    }

    @Test func checksDomainNames() throws {
        try DomainService.checkName("my-app", custom: false)
        try DomainService.checkName("auth.example.com", custom: true)
        #expect(throws: CognitoError.self) { try DomainService.checkName("my-aws-app", custom: false) }
        #expect(throws: CognitoError.self) { try DomainService.checkName("auth.example.com", custom: false) }
        #expect(throws: CognitoError.self) { try DomainService.checkName("localhost", custom: true) }
    }

    @Test func requiresEachProvidersDetails() throws {
        try ProviderDetailsRules.check(type: .google, details: ["client_id": "a", "client_secret": "b", "authorize_scopes": "email"])
        try ProviderDetailsRules.check(type: .saml, details: ["MetadataURL": "https://idp.example.com/metadata"])
        #expect(throws: CognitoError.self) { try ProviderDetailsRules.check(type: .google, details: ["client_id": "a"]) }
        #expect(throws: CognitoError.self) {
            try ProviderDetailsRules.check(
                type: .oidc,
                details: ["client_id": "a", "attributes_request_method": "GET", "oidc_issuer": "http://x", "authorize_scopes": "openid"]
            )
        }
    }

    @Test func recognisesLogoFormats() throws {
        #expect(try UICustomizationService.imageType(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])) == "image/png")
        #expect(try UICustomizationService.imageType(Data([0xFF, 0xD8, 0xFF, 0xE0])) == "image/jpeg")
        #expect(throws: CognitoError.self) { try UICustomizationService.imageType(Data("GIF89a".utf8)) }
        #expect(throws: CognitoError.self) { try UICustomizationService.imageType(Data([0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: 200_000))) }
    }
}
