import CognitoModel
import Foundation
import Logging

/// Creates, reads, lists and deletes user pools with Cognito's defaults and rules.
///
/// Every surface (JSON API, console, CLI) calls this, so a pool looks the same whichever created it.
public struct UserPoolService: Sendable {
    let store: any Store
    let deployment: Deployment
    let clock: any WallClock
    let random: any RandomSource

    public init(store: any Store, deployment: Deployment, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.deployment = deployment
        self.clock = clock
        self.random = random
    }

    public func create(_ request: CreateUserPoolRequest) async throws -> UserPoolType {
        let now = clock.now().truncatedToMilliseconds
        var pool = try Self.describe(request, now: now)
        for _ in 0..<5 {
            let id = "\(deployment.region)_\(random.string(length: 9, alphabet: .alphanumeric))"
            pool.id = id
            pool.arn = deployment.userPoolArn(id)
            let record = UserPoolRecord(
                id: id, name: request.poolName, createdAt: now, lastModifiedAt: now, description: pool
            )
            do {
                try await store.insertUserPool(record)
                return Self.presented(record, estimatedUsers: 0)
            } catch StoreError.duplicate {
                continue  // 62^9 ids: a collision is astronomically rare, but the database is the judge.
            }
        }
        throw CognitoError.internalError("Could not allocate a user pool id.")
    }

    public func describe(id: String) async throws -> UserPoolType {
        guard let record = try await store.userPool(id: id) else { throw Self.notFound(id) }
        return Self.presented(record, estimatedUsers: try await store.countUsers(poolId: id))
    }

    /// A page of pools, ordered by id, and the token for the next page if there may be one.
    public func list(maxResults: Int, nextToken: String?) async throws -> (pools: [UserPoolDescriptionType], nextToken: String?) {
        let afterId = try nextToken.map(PageToken.decode)
        let records = try await store.listUserPools(afterId: afterId, limit: maxResults + 1)
        let page = records.prefix(maxResults)
        let descriptions = page.map { record in
            UserPoolDescriptionType(
                id: record.id, name: record.name, lambdaConfig: record.description.lambdaConfig ?? LambdaConfigType(),
                lastModifiedDate: record.lastModifiedAt, creationDate: record.createdAt
            )
        }
        let next = records.count > maxResults ? page.last.map { PageToken.encode($0.id) } : nil
        return (descriptions, next)
    }

    public func delete(id: String) async throws {
        try await store.transaction { session in
            guard let record = try await session.userPool(id: id) else { throw Self.notFound(id) }
            if record.description.domain != nil || record.description.customDomain != nil {
                throw CognitoError.invalidParameter(
                    "User pool cannot be deleted. It has a domain configured that should be deleted first."
                )
            }
            if record.description.deletionProtection == .active {
                throw CognitoError.invalidParameter(
                    "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first."
                )
            }
            _ = try await session.deleteUserPool(id: id)
        }
    }

    static func notFound(_ id: String) -> CognitoError {
        .resourceNotFound("User pool \(id) does not exist.")
    }

    /// The stored description with what is computed on read.
    static func presented(_ record: UserPoolRecord, estimatedUsers: Int) -> UserPoolType {
        var pool = record.description
        pool.id = record.id
        pool.name = record.name
        pool.creationDate = record.createdAt
        pool.lastModifiedDate = record.lastModifiedAt
        pool.estimatedNumberOfUsers = estimatedUsers
        return pool
    }

    /// The description of a new pool: the request with Cognito's defaults filled in.
    static func describe(_ request: CreateUserPoolRequest, now: Date) throws -> UserPoolType {
        if !(request.aliasAttributes ?? []).isEmpty && !(request.usernameAttributes ?? []).isEmpty {
            throw CognitoError.invalidParameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")
        }
        var policies = request.policies ?? UserPoolPolicyType()
        policies.passwordPolicy = PasswordPolicyDefaults.filled(policies.passwordPolicy)
        if policies.signInPolicy == nil {
            policies.signInPolicy = SignInPolicyType(allowedFirstAuthFactors: [.password])
        }
        if let given = request.verificationMessageTemplate {
            let byLink = given.defaultEmailOption == .confirmWithLink
            if (byLink && given.emailMessage != nil && given.emailMessageByLink != nil)
                || (!byLink && given.emailMessage != nil && given.emailMessageByLink != nil) {
                throw CognitoError.invalidParameter(
                    "Give EmailMessage for CONFIRM_WITH_CODE or EmailMessageByLink for CONFIRM_WITH_LINK, not both."
                )
            }
        }
        var template = request.verificationMessageTemplate ?? VerificationMessageTemplateType()
        template.defaultEmailOption = template.defaultEmailOption ?? .confirmWithCode
        template.emailMessage = template.emailMessage ?? request.emailVerificationMessage
        template.emailSubject = template.emailSubject ?? request.emailVerificationSubject
        template.smsMessage = template.smsMessage ?? request.smsVerificationMessage

        return UserPoolType(
            name: request.poolName,
            policies: policies,
            deletionProtection: request.deletionProtection ?? .inactive,
            lambdaConfig: request.lambdaConfig ?? LambdaConfigType(),
            schemaAttributes: try SchemaBuilder.schema(adding: request.schema ?? []),
            autoVerifiedAttributes: request.autoVerifiedAttributes,
            aliasAttributes: request.aliasAttributes,
            usernameAttributes: request.usernameAttributes,
            smsVerificationMessage: template.smsMessage,
            emailVerificationMessage: template.emailMessage,
            emailVerificationSubject: template.emailSubject,
            verificationMessageTemplate: template,
            smsAuthenticationMessage: request.smsAuthenticationMessage,
            userAttributeUpdateSettings: request.userAttributeUpdateSettings
                ?? UserAttributeUpdateSettingsType(attributesRequireVerificationBeforeUpdate: []),
            mfaConfiguration: request.mfaConfiguration ?? .off,
            deviceConfiguration: request.deviceConfiguration,
            emailConfiguration: request.emailConfiguration ?? EmailConfigurationType(emailSendingAccount: .cognitoDefault),
            smsConfiguration: request.smsConfiguration,
            userPoolTags: request.userPoolTags,
            adminCreateUserConfig: AdminCreateUserConfigDefaults.filled(
                request.adminCreateUserConfig,
                temporaryPasswordValidityDays: policies.passwordPolicy?.temporaryPasswordValidityDays
            ),
            userPoolAddOns: request.userPoolAddOns,
            usernameConfiguration: request.usernameConfiguration,
            accountRecoverySetting: request.accountRecoverySetting,
            userPoolTier: request.userPoolTier ?? .essentials
        )
    }
}
