import ArgumentParser
import Foundation

/// What the example needs to know about its Cognate (or Cognito) pool: flags, environment variables,
/// or the JSON of `terraform output -json` for the tutorial's configuration.
struct ExampleSettings: Sendable {
    var cognateURL: String
    var poolId: String
    var clientId: String
    var publicURL: String

    /// The issuer of the pool's tokens.
    var issuer: String { "\(cognateURL)/\(poolId)" }
    /// Where the hosted UI sends the browser back (the tutorial's `callback_url`).
    var callbackURL: String { "\(publicURL)/callback" }

    /// Reads `user_pool_id` and `user_pool_client_id` from `terraform output -json`.
    static func terraformOutputs(_ path: String) throws -> (poolId: String, clientId: String) {
        struct Output: Decodable { let value: String }
        let outputs = try JSONDecoder().decode([String: Output].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        guard let pool = outputs["user_pool_id"]?.value, let client = outputs["user_pool_client_id"]?.value else {
            throw ValidationError("\(path) has no user_pool_id or user_pool_client_id output.")
        }
        return (pool, client)
    }
}
