import CognateCore
import Foundation
import Testing

@testable import CognitoAPI

/// The verifier against AWS's published "get-vanilla" vector and against each way a signature goes wrong.
@Suite struct SigV4VerifierTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    let verifier = SigV4Verifier(
        region: "us-east-1", service: "service", keys: AccessKeys(["AKIDEXAMPLE": secret]),
        clock: FixedClock(instant: .sigV4TestSuite)
    )

    func vanilla(
        signature: String = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        credential: String = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
        date: String = "20150830T123600Z", body: String = ""
    ) -> APIRequest {
        APIRequest(
            method: "GET", rawPath: "/", rawQuery: nil,
            headers: [
                ("Host", "example.amazonaws.com"), ("X-Amz-Date", date),
                ("Authorization", "AWS4-HMAC-SHA256 Credential=\(credential), SignedHeaders=host;x-amz-date, Signature=\(signature)"),
            ],
            body: Data(body.utf8)
        )
    }

    @Test func acceptsTheTestSuiteVector() throws {
        #expect(try verifier.verify(vanilla()) == "AKIDEXAMPLE")
    }

    @Test func signsAsTheTestSuiteAndTheVerifierAgree() throws {
        let signer = SigV4Signer(accessKeyId: "AKIDEXAMPLE", secret: Self.secret, region: "us-east-1", service: "service")
        let unsigned = APIRequest(method: "GET", rawPath: "/", rawQuery: nil, headers: [("Host", "example.amazonaws.com")], body: Data())
        let signed = try signer.sign(unsigned, at: FixedClock(instant: .sigV4TestSuite).now())
        #expect(signed.header("Authorization") == vanilla().header("Authorization"))  // AWS's published signature
        var post = APIRequest(method: "POST", rawPath: "/", rawQuery: nil, headers: [("Host", "example.amazonaws.com"), ("Content-Type", "application/x-amz-json-1.1")], body: Data("{}".utf8))
        post = try signer.sign(post, at: FixedClock(instant: .sigV4TestSuite).now())
        #expect(try verifier.verify(post) == "AKIDEXAMPLE")
    }

    @Test func refusesATamperedBody() {
        #expect(throws: CognitoError(.invalidSignature, Self.mismatch)) { try verifier.verify(vanilla(body: "{}")) }
    }

    @Test func refusesAWrongSignature() {
        let wrong = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf30"
        #expect(throws: CognitoError(.invalidSignature, Self.mismatch)) { try verifier.verify(vanilla(signature: wrong)) }
    }

    @Test func refusesAnUnknownKey() throws {
        let error = #expect(throws: CognitoError.self) {
            try verifier.verify(vanilla(credential: "AKIDOTHER/20150830/us-east-1/service/aws4_request"))
        }
        #expect(error?.code == .unrecognizedClient)
    }

    @Test func refusesAnotherRegion() throws {
        let error = #expect(throws: CognitoError.self) {
            try verifier.verify(vanilla(credential: "AKIDEXAMPLE/20150830/eu-west-1/service/aws4_request"))
        }
        #expect(error?.code == .invalidSignature)
        #expect(error?.message.contains("region") == true)
    }

    @Test(arguments: ["20150830T124101Z", "20150830T123059Z"])
    func refusesADateMoreThanFiveMinutesOff(date: String) throws {
        let error = #expect(throws: CognitoError.self) { try verifier.verify(vanilla(date: date)) }
        #expect(error?.code == .invalidSignature)
        #expect(error?.message.contains("Signature") == true)
    }

    @Test func asksForASignatureWhenThereIsNone() throws {
        let request = APIRequest(method: "POST", rawPath: "/", rawQuery: nil, headers: [("Host", "h")], body: Data())
        let error = #expect(throws: CognitoError.self) { try verifier.verify(request) }
        #expect(error?.code == .missingAuthenticationToken)
    }

    @Test func refusesAMalformedAuthorizationHeader() throws {
        var request = vanilla()
        request.headers[2] = ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE")
        let error = #expect(throws: CognitoError.self) { try verifier.verify(request) }
        #expect(error?.code == .incompleteSignature)
    }

    @Test func canonicalisesPathsAndQueriesAsSigV4Does() {
        #expect(CanonicalRequest.canonicalURI("/") == "/")
        #expect(CanonicalRequest.canonicalURI("/a/./b/../c/") == "/a/c/")
        #expect(CanonicalRequest.canonicalURI("/a%20b") == "/a%2520b")
        #expect(CanonicalRequest.canonicalQuery("b=2&a=1&a=0") == "a=0&a=1&b=2")
        #expect(CanonicalRequest.canonicalQuery("k=a%20b") == "k=a%20b")
        #expect(CanonicalRequest.normalizedHeaderValue("  a   b  c ") == "a b c")
    }

    static let mismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
}
