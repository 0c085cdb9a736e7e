import CognitoModel
import Foundation
import Testing

/// The generated wire coding against what `JSONEncoder`/`JSONDecoder` (secondsSince1970, base64) made of
/// the same values before it replaced them on the API path.
@Suite struct WireCodingTests {
    static func foundationJSON<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.dataEncodingStrategy = .base64
        return try JSONValue.parse(Array(try encoder.encode(value)))
    }

    @Test func writesWhatFoundationWrote() throws {
        let user = UserType(
            username: "alice", attributes: [AttributeType(name: "email", value: "a@example.com")],
            userCreateDate: Date(timeIntervalSince1970: 1_764_316_800.123), userLastModifiedDate: Date(timeIntervalSince1970: 1_764_316_800),
            enabled: true, userStatus: .confirmed
        )
        #expect(user.wire == (try Self.foundationJSON(user)))
        let wholeSeconds = Date(timeIntervalSince1970: 1_764_316_800).wire
        #expect(wholeSeconds == .integer(1_764_316_800))
        #expect(String(decoding: JSONValue.object(["d": user.userCreateDate!.wire]).serialized, as: UTF8.self) == #"{"d":1764316800.123}"#)
    }

    @Test func readsRequestsAsFoundationDid() throws {
        let body = try JSONValue.parse(Array(#"""
            {"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"abc","AuthParameters":{"USERNAME":"u"},"Session":null,"Unknown":1}
            """#.utf8))
        let request = try InitiateAuthRequest(wire: body)
        #expect(request.authFlow == .userPasswordAuth)
        #expect(request.clientId == "abc")
        #expect(request.authParameters == ["USERNAME": "u"])
        #expect(request.session == nil, "null is absent")
    }

    @Test func refusesValuesOfTheWrongShape() throws {
        func request(_ json: String) throws -> AdminCreateUserRequest {
            try AdminCreateUserRequest(wire: try JSONValue.parse(Array(json.utf8)))
        }
        #expect(throws: WireShapeMismatch.self) { try request(#"{"UserPoolId":"p"}"#) }  // Username is required
        #expect(throws: WireShapeMismatch.self) { try request(#"{"UserPoolId":"p","Username":null}"#) }
        #expect(throws: WireShapeMismatch.self) { try ListUsersRequest(wire: try JSONValue.parse(Array(#"{"UserPoolId":"p","Limit":1.5}"#.utf8))) }
        #expect(throws: WireShapeMismatch.self) { try request(#"{"UserPoolId":"p","Username":"u","UserAttributes":[null]}"#) }
        #expect(throws: WireShapeMismatch.self) { try GetUserRequest(wire: .array([])) }
    }
}
