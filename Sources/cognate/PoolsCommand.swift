import ArgumentParser
import CognitoModel
import Foundation

/// `cognate pools`: the user pools of a running Cognate, over the signed API.
struct PoolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pools", abstract: "List and show user pools of a running Cognate.", subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the user pools.")
        @OptionGroup var api: APIOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let client = try api.client()
            var rows: [[String: String]] = []
            var token: String?
            repeat {
                let page = try await client.call(
                    "ListUserPools", ListUserPoolsRequest(nextToken: token, maxResults: 60), as: ListUserPoolsResponse.self
                )
                for pool in page.userPools ?? [] {
                    rows.append(["id": pool.id ?? "", "name": pool.name ?? "", "created": pool.creationDate.map(iso) ?? ""])
                }
                token = page.nextToken
            } while token != nil
            try output.print(rows: rows, columns: ["id", "name", "created"])
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one user pool as the API describes it (JSON).")
        @OptionGroup var api: APIOptions
        @Option(help: "The user pool id.") var pool: String

        func run() async throws {
            let described = try await api.client().call(
                "DescribeUserPool", DescribeUserPoolRequest(userPoolId: pool), as: DescribeUserPoolResponse.self
            )
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(described.userPool), as: UTF8.self))
        }
    }
}

func iso(_ date: Date) -> String { date.formatted(.iso8601) }
