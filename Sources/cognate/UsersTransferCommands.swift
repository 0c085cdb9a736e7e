import ArgumentParser
import CognateCore
import CognateServer
import CognateStore
import CognitoModel
import Foundation

/// `cognate users export` and `cognate users import`: a pool's users out of one Cognate and into another,
/// with their `sub`, attributes, status, groups and, from a database connection, their passwords.
extension UsersCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a pool's users as JSON Lines or CSV: over the API, or from the database with --database.",
            discussion: """
                Over the signed API the export holds everything but passwords. With --database (or \
                --with-password-hashes) it reads the database directly and, with --with-password-hashes, \
                includes each user's password hash and SRP verifier, so that `cognate users import` into \
                another Cognate keeps their passwords. Treat such a file as a secret.
                """
        )
        @OptionGroup var api: APIOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var masterKey: MasterKeyOptions
        @Option(help: "The user pool id.") var pool: String
        @Option(help: "jsonl or csv.") var format: String = "jsonl"
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @Flag(help: "Include password hashes and SRP verifiers (needs the database).") var withPasswordHashes = false

        func run() async throws {
            guard let format = TransferredUserReader.Format(rawValue: format) else { throw ValidationError("--format: jsonl or csv") }
            let sink = try OutputFile(path: output)
            if withPasswordHashes || database.database != nil {
                let url = try database.databaseURL()
                let logger = try database.makeLogger()
                var sealer: KeySealer?
                if withPasswordHashes {
                    sealer = try masterKey.existingSealer(for: url, logger: logger)
                    if sealer == nil {
                        FileHandle.standardError.write(Data("no master key found (--master-key-file): authenticator secrets are left out\n".utf8))
                    }
                }
                let store = try await ServerRunner.openStore(url, logger: logger)
                do {
                    let transfer = UserTransfer(store: store, clock: SystemWallClock(), sealer: sealer)
                    let header = TransferredUser.csvHeader(
                        attributeNames: try await transfer.attributeNames(poolId: pool), withPasswords: withPasswordHashes
                    )
                    if format == .csv { try sink.write(CSV.line(header)) }
                    try await transfer.export(poolId: pool, withPasswords: withPasswordHashes) { users in
                        try sink.write(try users.map { try Self.line($0, format: format, header: header) }.joined())
                    }
                    await store.shutdown()
                } catch {
                    await store.shutdown()
                    throw error
                }
            } else {
                try await exportOverAPI(format: format, sink: sink)
            }
            try sink.close()
        }

        static func line(_ user: TransferredUser, format: TransferredUserReader.Format, header: [String]) throws -> String {
            format == .csv ? CSV.line(user.csvRow(header: header)) : try user.jsonLine() + "\n"
        }

        private func exportOverAPI(format: TransferredUserReader.Format, sink: OutputFile) async throws {
            let client = try api.client()
            let described = try await client.call(
                "DescribeUserPool", DescribeUserPoolRequest(userPoolId: pool), as: DescribeUserPoolResponse.self
            )
            let names = (described.userPool?.schemaAttributes ?? []).compactMap(\.name)
            let header = TransferredUser.csvHeader(attributeNames: names, withPasswords: false)
            if format == .csv { try sink.write(CSV.line(header)) }
            var token: String?
            repeat {
                let page = try await client.call(
                    "ListUsers", ListUsersRequest(userPoolId: pool, limit: 60, paginationToken: token), as: ListUsersResponse.self
                )
                var lines = ""
                for user in page.users ?? [] {
                    lines += try Self.line(try await transferred(user, client: client), format: format, header: header)
                }
                try sink.write(lines)
                token = page.paginationToken
            } while token != nil
        }

        private func transferred(_ user: UserType, client: APIClient) async throws -> TransferredUser {
            let username = user.username ?? ""
            var groups: [String] = []
            var next: String?
            repeat {
                let page = try await client.call(
                    "AdminListGroupsForUser", AdminListGroupsForUserRequest(username: username, userPoolId: pool, limit: 60, nextToken: next),
                    as: AdminListGroupsForUserResponse.self
                )
                groups += (page.groups ?? []).compactMap(\.groupName)
                next = page.nextToken
            } while next != nil
            var attributes = Dictionary((user.attributes ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
            let sub = attributes.removeValue(forKey: "sub") ?? ""
            return TransferredUser(
                username: username, sub: sub, status: user.userStatus?.rawValue ?? "", enabled: user.enabled ?? true,
                createdAt: user.userCreateDate, lastModifiedAt: user.userLastModifiedDate, attributes: attributes,
                groups: groups.sorted(), password: nil
            )
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add users from an export (JSON Lines or CSV) to a pool, writing to the database directly.",
            discussion: """
                Users keep their sub, attributes, status, enabled flag, groups (which must exist in the pool) \
                and password hash: Argon2id from Cognate, or bcrypt, PBKDF2 and scrypt (passlib or Django \
                encodings) from other systems, which are replaced by Argon2id at the user's next sign-in. \
                Users without a password hash are imported in RESET_REQUIRED. SRP verifiers are kept when the \
                pool id has the same name part; otherwise the next password sign-in derives one. Refused \
                users are listed on standard error, and the exit status is 1 if there were any.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var masterKey: MasterKeyOptions
        @Option(help: "The user pool id.") var pool: String
        @Option(help: "jsonl or csv. Default: from the file's extension.") var format: String?
        @Option(help: "Users per transaction.") var batchSize = 500
        @Argument(help: "The export to read.") var file: String

        func run() async throws {
            let name = format ?? (file.lowercased().hasSuffix(".csv") ? "csv" : "jsonl")
            guard let format = TransferredUserReader.Format(rawValue: name) else { throw ValidationError("--format: jsonl or csv") }
            let url = try database.databaseURL()
            let logger = try database.makeLogger()
            let sealer = try masterKey.existingSealer(for: url, logger: logger)
            let store = try await ServerRunner.openStore(url, logger: logger)
            let imported: Int
            let refusals: [UserTransfer.Refusal]
            do {
                let transfer = UserTransfer(store: store, clock: SystemWallClock(), sealer: sealer)
                (imported, refusals) = try await transfer.importFile(at: file, format: format, poolId: pool, batchSize: batchSize)
                await store.shutdown()
            } catch {
                await store.shutdown()
                throw error
            }
            for refusal in refusals {
                FileHandle.standardError.write(Data("\(file):\(refusal.position): \(refusal.username): \(refusal.reason)\n".utf8))
            }
            print("imported \(imported) users into \(pool); refused \(refusals.count)")
            if !refusals.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Standard output, or a file created with owner-only permissions (exports may hold password hashes).
final class OutputFile {
    private let handle: FileHandle

    init(path: String?) throws {
        guard let path else {
            handle = .standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw ValidationError("cannot write \(path)") }
        self.handle = handle
    }

    func write(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
    }

    func close() throws {
        if handle !== FileHandle.standardOutput { try handle.close() }
    }
}
