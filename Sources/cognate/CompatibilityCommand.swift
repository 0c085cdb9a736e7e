import ArgumentParser
import CognateServer

struct CompatibilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compatibility",
        abstract: "Print the table of Cognito operations and which ones Cognate implements (Markdown)."
    )

    func run() async throws {
        print(try await CompatibilityTable.markdown(), terminator: "")
    }
}
