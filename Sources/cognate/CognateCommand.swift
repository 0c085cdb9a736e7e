import ArgumentParser

/// The `cognate` command: a self-hosted, Cognito-compatible identity provider.
struct CognateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cognate",
        abstract: "A self-hosted identity provider, wire-compatible with Amazon Cognito user pools.",
        subcommands: [ServeCommand.self, MigrateCommand.self, KeysCommand.self, PoolsCommand.self, UsersCommand.self, CompatibilityCommand.self, BenchCommand.self, Argon2Command.self],
        defaultSubcommand: ServeCommand.self
    )
}
