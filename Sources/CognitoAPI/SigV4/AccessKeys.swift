/// The access keys allowed to call signed operations: the operators of this Cognate.
public struct AccessKeys: Sendable {
    private let secrets: [String: String]

    public init(_ secrets: [String: String]) {
        self.secrets = secrets
    }

    func secret(for accessKeyId: String) -> String? { secrets[accessKeyId] }
}
