import ArgumentParser
import Foundation
import Hummingbird

/// `cognate-example`: the tutorial's web app on Cognate — Sign In and Register buttons, the hosted
/// pages, `Hello <email>` rendered by the server from verified tokens, Logout.
@main
struct ExampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cognate-example", abstract: "The tutorial's example application, signing users in with Cognate."
    )

    @Option(help: "Cognate's public URL (env COGNATE_URL).")
    var cognateURL: String?
    @Option(help: "The user pool id (env COGNATE_POOL_ID).")
    var poolId: String?
    @Option(help: "The app client id (env COGNATE_CLIENT_ID).")
    var clientId: String?
    @Option(help: "A file with the JSON of `terraform output -json` (user_pool_id, user_pool_client_id).")
    var terraformOutputs: String?
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on (the tutorial's callback is http://localhost:3000/callback).")
    var port = 3000
    @Option(help: "This app's URL as browsers reach it (default http://localhost:PORT).")
    var publicURL: String?
    @Option(help: "The directory holding cognate-auth.js.")
    var assets = "clients/js"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var poolId = poolId ?? environment["COGNATE_POOL_ID"]
        var clientId = clientId ?? environment["COGNATE_CLIENT_ID"]
        if let terraformOutputs {
            let outputs = try ExampleSettings.terraformOutputs(terraformOutputs)
            poolId = poolId ?? outputs.poolId
            clientId = clientId ?? outputs.clientId
        }
        guard let poolId, let clientId else {
            throw ValidationError("Give the pool and client: --pool-id and --client-id, or --terraform-outputs.")
        }
        let settings = ExampleSettings(
            cognateURL: (cognateURL ?? environment["COGNATE_URL"] ?? "http://127.0.0.1:9229").trimmingCharacters(in: ["/"]),
            poolId: poolId, clientId: clientId, publicURL: publicURL ?? "http://localhost:\(port)"
        )
        let app = ExampleApplication.build(settings: settings, host: host, port: port, assets: assets)
        try await app.runService()
    }
}
