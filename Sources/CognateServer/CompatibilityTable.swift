import CognateCore
import CognateStore
import CognitoAPI
import CognitoModel
import Crypto
import Foundation
import Logging

/// The README's compatibility table, produced from the operation table the server really builds.
public enum CompatibilityTable {
    public static func markdown() async throws -> String {
        // The store is never queried: building the table only wires handlers to services.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cognate-compat-\(UUID().uuidString).sqlite").path
        let store = try SQLStore(url: .sqlite(path: path), logger: Logger(label: "compatibility"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var operations = OperationTable()
        operations.addAllOperations(
            Services(
                store: store, deployment: Deployment(region: "us-east-1", accountId: "123456789012", publicURL: ""),
                sealer: KeySealer(masterKey: SymmetricKey(size: .bits256))
            )
        )
        await store.shutdown()

        let all = CognitoOperation.allCases
        let implemented = all.filter(operations.implements)
        var lines = [
            "| Operation | Signed (SigV4) | Cognate |",
            "|---|---|---|",
        ]
        for operation in all {
            lines.append(
                "| \(operation.rawValue) | \(operation.requiresSignature ? "yes" : "no") | \(operations.implements(operation) ? "✅ implemented" : "— not yet (`UnsupportedOperationException`)") |"
            )
        }
        lines.append("")
        lines.append("\(implemented.count) of \(all.count) operations implemented (botocore \(ServiceModel.botocoreVersion) model).")
        return lines.joined(separator: "\n") + "\n"
    }
}
