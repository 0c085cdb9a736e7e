import ArgumentParser
import CognitoModel
import Foundation

/// `cognate users`: a pool's users on a running Cognate, over the signed API — what the tutorial does in
/// the Cognito console.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage the users of a pool on a running Cognate.",
        subcommands: [
            List.self, Show.self, Create.self, Delete.self, Disable.self, Enable.self, ResetPassword.self, AddToGroup.self, Export.self, Import.self,
        ]
    )

    struct Target: ParsableArguments {
        @OptionGroup var api: APIOptions
        @Option(help: "The user pool id.") var pool: String
        @Option(help: "The user's username (or email/phone in pools that sign in with them).") var username: String

        /// Calls an operation that answers `{}`, and says what was done.
        func perform(_ operation: String, _ request: some Encodable, done: String) async throws {
            _ = try await api.client().call(operation, request, as: EmptyJSON.self)
            print(done)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users, optionally filtered as ListUsers filters (e.g. 'email ^= \"ann\"').")
        @OptionGroup var api: APIOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "The user pool id.") var pool: String
        @Option(help: "A ListUsers filter: attribute = \"value\" or attribute ^= \"prefix\".") var filter: String?

        func run() async throws {
            let client = try api.client()
            var rows: [[String: String]] = []
            var token: String?
            repeat {
                let page = try await client.call(
                    "ListUsers", ListUsersRequest(userPoolId: pool, limit: 60, paginationToken: token, filter: filter), as: ListUsersResponse.self
                )
                rows += (page.users ?? []).map(UsersCommand.row)
                token = page.paginationToken
            } while token != nil
            try output.print(rows: rows, columns: ["username", "email", "status", "enabled", "sub"])
        }
    }

    static func row(_ user: UserType) -> [String: String] {
        let attributes = Dictionary((user.attributes ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        return [
            "username": user.username ?? "", "email": attributes["email"] ?? "", "status": user.userStatus?.rawValue ?? "",
            "enabled": user.enabled == false ? "false" : "true", "sub": attributes["sub"] ?? "",
        ]
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one user: status, attributes and groups.")
        @OptionGroup var target: Target
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let client = try target.api.client()
            let user = try await client.call(
                "AdminGetUser", AdminGetUserRequest(userPoolId: target.pool, username: target.username), as: AdminGetUserResponse.self
            )
            let groups = try await client.call(
                "AdminListGroupsForUser", AdminListGroupsForUserRequest(username: target.username, userPoolId: target.pool, limit: 60),
                as: AdminListGroupsForUserResponse.self
            )
            var rows = [
                ["name": "username", "value": user.username],
                ["name": "status", "value": user.userStatus?.rawValue ?? ""],
                ["name": "enabled", "value": user.enabled == false ? "false" : "true"],
                ["name": "groups", "value": (groups.groups ?? []).compactMap(\.groupName).joined(separator: ",")],
            ]
            rows += (user.userAttributes ?? []).map { ["name": $0.name, "value": $0.value ?? ""] }
            try output.print(rows: rows, columns: ["name", "value"])
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (AdminCreateUser); an invitation is sent unless --suppress.")
        @OptionGroup var target: Target
        @Option(name: .customLong("attribute"), help: "An attribute as name=value; repeatable.") var attributes: [String] = []
        @Option(help: "The temporary password (default: one is generated).") var temporaryPassword: String?
        @Flag(help: "Send no invitation message.") var suppress = false

        func run() async throws {
            let attributes = try attributes.map { pair -> AttributeType in
                guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("--attribute \(pair): expected name=value") }
                return AttributeType(name: String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]))
            }
            let created = try await target.api.client().call(
                "AdminCreateUser",
                AdminCreateUserRequest(
                    userPoolId: target.pool, username: target.username, userAttributes: attributes, temporaryPassword: temporaryPassword,
                    messageAction: suppress ? .suppress : nil
                ),
                as: AdminCreateUserResponse.self
            )
            print("created \(created.user?.username ?? target.username) (\(created.user?.userStatus?.rawValue ?? ""))"
            )
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user.")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.perform(
                "AdminDeleteUser", AdminDeleteUserRequest(userPoolId: target.pool, username: target.username),
                done: "deleted \(target.username)"
            )
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: sign-in and refresh stop working.")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.perform(
                "AdminDisableUser", AdminDisableUserRequest(userPoolId: target.pool, username: target.username),
                done: "disabled \(target.username)"
            )
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user.")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.perform(
                "AdminEnableUser", AdminEnableUserRequest(userPoolId: target.pool, username: target.username),
                done: "enabled \(target.username)"
            )
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Reset a user's password: a code is sent, and the user must set a new password."
        )
        @OptionGroup var target: Target
        func run() async throws {
            try await target.perform(
                "AdminResetUserPassword", AdminResetUserPasswordRequest(userPoolId: target.pool, username: target.username),
                done: "reset the password of \(target.username)"
            )
        }
    }

    struct AddToGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-to-group", abstract: "Add a user to a group.")
        @OptionGroup var target: Target
        @Option(help: "The group name.") var group: String
        func run() async throws {
            try await target.perform(
                "AdminAddUserToGroup", AdminAddUserToGroupRequest(userPoolId: target.pool, username: target.username, groupName: group),
                done: "added \(target.username) to \(group)"
            )
        }
    }
}

/// The `{}` answer of operations without output.
struct EmptyJSON: Decodable {}
