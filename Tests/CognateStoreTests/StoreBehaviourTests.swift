import CognateCore
import CognateStore
import CognitoModel
import Foundation
import Logging
import Testing

/// The behaviour every `Store` must have, run against SQLite and PostgreSQL alike.
@Suite struct StoreBehaviourTests {
    func pool(_ id: String, name: String = "pool") -> UserPoolRecord {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123)
        return UserPoolRecord(
            id: id, name: name, createdAt: date, lastModifiedAt: date,
            description: UserPoolType(name: name, mfaConfiguration: .off, userPoolTags: ["team": "identity"])
        )
    }

    @Test(arguments: Backend.available)
    func storesAndReadsAPool(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await store.insertUserPool(pool("us-east-1_a"))
            let read = try #require(try await store.userPool(id: "us-east-1_a"))
            #expect(read == pool("us-east-1_a"))
            #expect(try await store.userPool(id: "us-east-1_missing") == nil)
        }
    }

    @Test(arguments: Backend.available)
    func refusesADuplicateIdInTheDatabase(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await store.insertUserPool(pool("us-east-1_a"))
            await #expect(throws: StoreError.duplicate("user pool us-east-1_a")) {
                try await store.insertUserPool(pool("us-east-1_a", name: "other"))
            }
            #expect(try await store.userPool(id: "us-east-1_a")?.name == "pool")
        }
    }

    @Test(arguments: Backend.available)
    func listsInPagesWithoutGapsOrRepeats(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            let ids = (0..<7).map { "us-east-1_p\($0)" }
            for id in ids.shuffled() { try await store.insertUserPool(pool(id)) }
            var seen: [String] = []
            var after: String?
            repeat {
                let page = try await store.listUserPools(afterId: after, limit: 3)
                seen += page.map(\.id)
                after = page.count == 3 ? page.last?.id : nil
            } while after != nil
            #expect(seen == ids)
        }
    }

    @Test(arguments: Backend.available)
    func updatesAndDeletes(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await store.insertUserPool(pool("us-east-1_a"))
            var changed = pool("us-east-1_a", name: "renamed")
            changed.lastModifiedAt = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.updateUserPool(changed)
            #expect(try await store.userPool(id: "us-east-1_a") == changed)
            #expect(try await store.deleteUserPool(id: "us-east-1_a"))
            #expect(try await store.deleteUserPool(id: "us-east-1_a") == false)
            await #expect(throws: StoreError.notFound("user pool us-east-1_a")) { try await store.updateUserPool(changed) }
        }
    }

    struct Abort: Error {}

    @Test(arguments: Backend.available)
    func rollsBackEveryWriteOfAFailedTransaction(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            await #expect(throws: Abort.self) {
                try await store.transaction { session in
                    try await session.insertUserPool(pool("us-east-1_a"))
                    try await session.insertUserPool(pool("us-east-1_b"))
                    throw Abort()
                }
            }
            #expect(try await store.listUserPools(afterId: nil, limit: 10).isEmpty)
            try await store.transaction { session in
                try await session.insertUserPool(pool("us-east-1_a"))
                try await session.insertUserPool(pool("us-east-1_b"))
            }
            #expect(try await store.listUserPools(afterId: nil, limit: 10).count == 2)
        }
    }

    @Test(arguments: Backend.available)
    func commitsTheWritesBeforeACommitThenThrow(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            await #expect(throws: Abort.self) {
                try await store.transaction { session in
                    try await session.insertUserPool(pool("us-east-1_a"))
                    throw CommitThenThrow(Abort())
                }
            }
            let committed = try await store.userPool(id: "us-east-1_a")
            #expect(committed != nil)
        }
    }

    @Test(arguments: Backend.available)
    func migratesTwiceAndFromTwoStoresAtOnce(_ backend: Backend) async throws {
        let url = try backend.freshDatabase()
        let first = try SQLStore(url: url, logger: Logger(label: "a"))
        let second = try SQLStore(url: url, logger: Logger(label: "b"))
        async let one: Void = first.migrate()
        async let two: Void = second.migrate()
        _ = try await (one, two)
        try await first.migrate()
        try await first.insertUserPool(pool("us-east-1_a"))
        #expect(try await second.userPool(id: "us-east-1_a") != nil)
        try await first.ping()
        await first.shutdown()
        await second.shutdown()
    }

    @Test(arguments: Backend.available)
    func servesConcurrentWriters(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask { try await store.insertUserPool(pool("us-east-1_c\(index)")) }
                }
                try await group.waitForAll()
            }
            #expect(try await store.listUserPools(afterId: nil, limit: 100).count == 40)
        }
    }

    @Test func pingFailsWhenTheDatabaseIsUnreachable() async throws {
        let store = try SQLStore(url: .postgres(url: "postgres://nobody@127.0.0.1:1/none"), logger: Logger(label: "test"))
        await #expect(throws: (any Error).self) { try await store.ping() }
        await store.shutdown()
    }

    @Test func readsDatabaseURLs() throws {
        #expect(try DatabaseURL(parsing: "sqlite:data/cognate.sqlite") == .sqlite(path: "data/cognate.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite:///var/lib/c.sqlite") == .sqlite(path: "/var/lib/c.sqlite"))
        #expect(try DatabaseURL(parsing: "postgres://u:secret@h:5432/db").description == "postgres://u:***@h:5432/db")
        #expect(throws: StoreError.self) { try DatabaseURL(parsing: "mysql://x") }
    }
}
