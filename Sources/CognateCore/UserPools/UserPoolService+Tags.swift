import CognitoModel
import Foundation

extension UserPoolService {
    /// Cognito's limit on tags per resource.
    static let maximumTags = 50

    public func tags(resourceArn: String) async throws -> [String: String] {
        let record = try await PoolScope.requirePool(try poolId(fromArn: resourceArn), in: store)
        return record.description.userPoolTags ?? [:]
    }

    public func tag(resourceArn: String, tags: [String: String]) async throws {
        try await changeTags(resourceArn) { existing in existing.merging(tags) { _, new in new } }
    }

    public func untag(resourceArn: String, keys: [String]) async throws {
        try await changeTags(resourceArn) { existing in existing.filter { !keys.contains($0.key) } }
    }

    private func changeTags(_ arn: String, _ change: @escaping @Sendable ([String: String]) -> [String: String]) async throws {
        let poolId = try poolId(fromArn: arn)
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { session in
            var record = try await PoolScope.requirePool(poolId, in: session, lock: true)
            let tags = change(record.description.userPoolTags ?? [:])
            if tags.count > Self.maximumTags {
                throw CognitoError.invalidParameter("A user pool can have at most \(Self.maximumTags) tags.")
            }
            record.description.userPoolTags = tags.isEmpty ? nil : tags
            record.lastModifiedAt = now
            try await session.updateUserPool(record)
        }
    }

    /// The pool id of an ARN this deployment issued; anything else names no resource here.
    func poolId(fromArn arn: String) throws -> String {
        let prefix = "arn:aws:cognito-idp:\(deployment.region):\(deployment.accountId):userpool/"
        guard arn.hasPrefix(prefix), arn.count > prefix.count else {
            throw CognitoError.resourceNotFound("The resource \(arn) does not exist.")
        }
        return String(arn.dropFirst(prefix.count))
    }
}
