import CognateCore
import CognitoModel
import Foundation
import Logging
import Testing

@testable import CognitoAPI

/// Routing, parsing and error rendering, without a server: the protocol is a function of the request.
@Suite struct CognitoJSONProtocolTests {
    let api: CognitoJSONProtocol = {
        var operations = OperationTable()
        operations.on(.signUp, SignUpRequest.self) { request, _ in
            SignUpResponse(userConfirmed: false, userSub: "sub-of-\(request.username)")
        }
        return CognitoJSONProtocol(
            operations: operations,
            verifier: SigV4Verifier(region: "us-east-1", keys: AccessKeys([:]), clock: SystemWallClock()),
            logger: Logger(label: "test")
        )
    }()

    func call(_ target: String?, _ body: String, method: String = "POST") async throws -> (Int, [String: String]) {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/x-amz-json-1.1")]
        if let target { headers.append(("X-Amz-Target", target)) }
        let response = await api.respond(
            to: APIRequest(method: method, rawPath: "/", rawQuery: nil, headers: headers, body: Data(body.utf8)),
            requestId: "req-1"
        )
        #expect(response.headers.contains { $0.name == "x-amzn-requestid" && $0.value == "req-1" })
        let json = try JSONDecoder().decode([String: JSONValue].self, from: response.body)
        return (response.status, json.compactMapValues { value in
            if case .string(let text) = value { return text }
            return nil
        })
    }

    @Test func servesARegisteredOperation() async throws {
        let (status, body) = try await call(
            "AWSCognitoIdentityProviderService.SignUp", #"{"ClientId":"c","Username":"alice","Password":"pw","Unknown":1}"#
        )
        #expect(status == 200)
        #expect(body["UserSub"] == "sub-of-alice")
    }

    @Test func namesUnknownAndUnimplementedOperations() async throws {
        let (status, unknown) = try await call("AWSCognitoIdentityProviderService.Frobnicate", "{}")
        #expect(status == 400)
        #expect(unknown["__type"] == "UnknownOperationException")
        let (_, missing) = try await call(nil, "{}")
        #expect(missing["__type"] == "UnknownOperationException")
        let (_, unimplemented) = try await call(
            "AWSCognitoIdentityProviderService.ForgotPassword", #"{"ClientId":"c","Username":"u"}"#
        )
        #expect(unimplemented["__type"] == "UnsupportedOperationException")
        #expect(unimplemented["message"]?.contains("ForgotPassword") == true)
    }

    @Test(arguments: ["{", "[]", "\"s\"", "{\"ClientId\":", String(repeating: "[", count: 5000)])
    func refusesBodiesThatAreNotAJSONObject(body: String) async throws {
        let (status, json) = try await call("AWSCognitoIdentityProviderService.SignUp", body)
        #expect(status == 400)
        #expect(json["__type"] == "SerializationException")
    }

    @Test func refusesWrongTypesAsSerializationErrors() async throws {
        let (_, json) = try await call("AWSCognitoIdentityProviderService.SignUp", #"{"ClientId":5,"Username":"u","Password":"p"}"#)
        #expect(json["__type"] == "SerializationException")
        #expect(json["message"]?.contains("'clientId'") == true)
    }

    @Test func validatesBeforeItAnswersUnimplemented() async throws {
        let (_, json) = try await call("AWSCognitoIdentityProviderService.ForgotPassword", "{}")
        #expect(json["__type"] == "InvalidParameterException")
    }

    @Test func requiresASignatureOnSignedOperations() async throws {
        let (_, json) = try await call("AWSCognitoIdentityProviderService.ListUserPools", #"{"MaxResults":1}"#)
        #expect(json["__type"] == "MissingAuthenticationTokenException")
    }

    @Test func answersOtherMethodsWithAJSONError() async throws {
        let (status, json) = try await call("AWSCognitoIdentityProviderService.SignUp", "", method: "GET")
        #expect(status == 400)
        #expect(json["__type"] == "UnknownOperationException")
    }
}
