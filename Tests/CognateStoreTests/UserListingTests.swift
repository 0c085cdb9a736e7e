import CognateCore
import CognateStore
import CognitoModel
import Foundation
import Testing

/// ListUsers on both engines: every filter pages through exactly the matching users, and every filter
/// reads one index range (no table scan, no sort) whatever the pool's size.
@Suite struct UserListingTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let pool = "us-east-1_list"

    /// 240 users with names, emails, statuses and given names spread so that prefixes match a few or many,
    /// including non-ASCII values whose order differs between byte order and natural-language collations.
    func population() -> [UserRecord] {
        let statuses: [UserStatusType] = [.confirmed, .unconfirmed, .forceChangePassword, .resetRequired]
        let given = ["Ann", "anna", "Åsa", "Zoë", "Émile", "bob", "Bo", "ann-marie"]
        return (0..<240).map { index in
            let name = "User\(index % 7 == 0 ? "_" : "")\(String(index, radix: 3))"
            var attributes = ["email": "u\(index % 31)x\(index)@example.com", "given_name": given[index % given.count]]
            if index % 5 == 0 { attributes["phone_number"] = "+1555\(1_000_000 + index)" }
            return UserRecord(
                poolId: pool, sub: String(format: "%08x-sub", index * 2_654_435_761 % 4_294_967_296), username: name,
                usernameKey: name.lowercased(), status: statuses[index % statuses.count], enabled: index % 9 != 0,
                attributes: attributes, createdAt: now, lastModifiedAt: now
            )
        }
    }

    func seeded(_ store: SQLStore) async throws -> [UserRecord] {
        try await store.insertUserPool(UserPoolRecord(id: pool, name: "p", createdAt: now, lastModifiedAt: now, description: UserPoolType()))
        let users = population()
        try await store.transaction { session in
            for user in users { try await session.insertUser(user) }
        }
        return users
    }

    static let filters = [
        #"email ^= "u1""#, #"email ^= "u13x""#, #"email = "u3x3@example.com""#, #"email ^= """#, #"given_name ^= "A""#,
        #"given_name ^= "Å""#, #"given_name = "Zoë""#, #"phone_number ^= "+1555100""#, #"username ^= "User_""#,
        #"username = "User1""#, #"sub ^= "0""#, #"cognito:user_status = "confirmed""#, #"cognito:user_status ^= "RE""#,
        #"status = "Disabled""#, #"status ^= "E""#, #"status ^= """#, #"family_name ^= "x""#,
    ]

    /// What the filter should return, computed from the records themselves.
    func expected(_ filter: UserFilter, in users: [UserRecord]) -> Set<String> {
        Set(users.filter { user in
            let candidates: [String?]
            switch filter.field {
            case .username: candidates = [user.username]
            case .sub: candidates = [user.sub]
            case .userStatus: candidates = [user.status.rawValue]
            case .enabled: candidates = [user.enabled ? "Enabled" : "Disabled"]
            case .attribute(let name): candidates = [user.attributes[name]]
            }
            guard let value = candidates[0] else { return false }
            return filter.match == .exact ? value == filter.value : value.hasPrefix(filter.value)
        }.map(\.sub))
    }

    @Test(arguments: Backend.available)
    func everyFilterPagesThroughExactlyItsMatches(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            let users = try await seeded(store)
            for text in Self.filters {
                let filter = try #require(try UserFilter.parse(text))
                var seen: [UserRecord] = []
                var position: UserListPosition?
                while true {
                    let page = try await store.listUsers(poolId: pool, filter: filter, after: position, limit: 7)
                    seen += page
                    guard page.count == 7, let last = page.last else { break }
                    // Through the token, as a client would carry it.
                    position = try UserListPosition(token: UserListPosition(after: last, filter: filter).token, filter: filter)
                }
                #expect(Set(seen.map(\.sub)) == expected(filter, in: users), "\(text)")
                #expect(seen.count == Set(seen.map(\.sub)).count, "no user twice: \(text)")
            }
        }
    }

    @Test(arguments: Backend.available)
    func everyFilterReadsOneIndexRange(_ backend: Backend) async throws {
        try await backend.withStore { store, url in
            _ = try await seeded(store)
            if case .postgres(let address) = url { try Backend.psql(address, "ANALYZE users") }
            for text in Self.filters + [""] {
                let filter = try UserFilter.parse(text)
                let middle = UserListPosition(orderValue: filter?.ordersByValue == true ? (filter?.value ?? "") + "m" : nil, usernameKey: "user1")
                for position in [nil, middle] {
                    let plan = try await store.listUsersPlan(poolId: pool, filter: filter, after: position, limit: 61).joined(separator: "\n")
                    switch backend {
                    case .sqlite:
                        #expect(plan.contains("SEARCH users USING INDEX"), "\(text): \(plan)")
                        #expect(!plan.contains("TEMP B-TREE"), "\(text) sorts: \(plan)")
                    case .postgres:
                        #expect(plan.contains("Index Scan"), "\(text): \(plan)")
                        #expect(!plan.contains("Seq Scan") && !plan.contains("Sort"), "\(text): \(plan)")
                    }
                }
            }
        }
    }

    @Test func prefixUpperBoundsAreTight() throws {
        func bound(_ value: String) throws -> String? { try #require(try UserFilter.parse(#"email ^= "\#(value)""#)).prefixUpperBound }
        #expect(try bound("abc") == "abd")
        #expect(try bound("a\u{D7FF}") == "a\u{E000}")
        #expect(try bound("a\u{10FFFF}") == "b")
        #expect(try bound("\u{10FFFF}") == nil)
        #expect(try bound("") == nil)
    }

    @Test func tokensFromAnotherFilterOrForgedAreRefused() throws {
        let prefix = try #require(try UserFilter.parse(#"email ^= "a""#))
        let token = UserListPosition(orderValue: "ab@x", usernameKey: "bob").token
        #expect(try UserListPosition(token: token, filter: prefix) == UserListPosition(orderValue: "ab@x", usernameKey: "bob"))
        #expect(throws: CognitoError.self) { try UserListPosition(token: token, filter: nil) }
        #expect(throws: CognitoError.self) { try UserListPosition(token: "bm90IGpzb24", filter: nil) }
        #expect(throws: CognitoError.self) { try UserListPosition(token: "WzFd", filter: nil) }
    }
}
