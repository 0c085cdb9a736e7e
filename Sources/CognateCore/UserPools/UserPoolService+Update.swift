import CognitoModel
import Foundation

extension UserPoolService {
    /// UpdateUserPool: like Cognito, every mutable setting the request leaves out returns to its
    /// default; the schema, sign-in attributes and domains cannot change here. Tags the request
    /// leaves out are kept (Terraform manages them with TagResource).
    public func update(_ request: UpdateUserPoolRequest) async throws {
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { session in
            var record = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            let existing = record.description
            let settings = CreateUserPoolRequest(
                poolName: request.poolName ?? record.name,
                policies: request.policies,
                deletionProtection: request.deletionProtection,
                lambdaConfig: request.lambdaConfig,
                autoVerifiedAttributes: request.autoVerifiedAttributes,
                aliasAttributes: existing.aliasAttributes,
                usernameAttributes: existing.usernameAttributes,
                smsVerificationMessage: request.smsVerificationMessage,
                emailVerificationMessage: request.emailVerificationMessage,
                emailVerificationSubject: request.emailVerificationSubject,
                verificationMessageTemplate: request.verificationMessageTemplate,
                smsAuthenticationMessage: request.smsAuthenticationMessage,
                mfaConfiguration: request.mfaConfiguration,
                userAttributeUpdateSettings: request.userAttributeUpdateSettings,
                deviceConfiguration: request.deviceConfiguration,
                emailConfiguration: request.emailConfiguration,
                smsConfiguration: request.smsConfiguration,
                userPoolTags: request.userPoolTags ?? existing.userPoolTags,
                adminCreateUserConfig: request.adminCreateUserConfig,
                userPoolAddOns: request.userPoolAddOns,
                usernameConfiguration: existing.usernameConfiguration,
                accountRecoverySetting: request.accountRecoverySetting,
                userPoolTier: request.userPoolTier ?? existing.userPoolTier
            )
            var pool = try Self.describe(settings, now: now)
            if pool.mfaConfiguration != .off {
                let factors = try await MFAConfigurationStore.read(poolId: record.id, in: session)
                guard factors.hasAnyFactor || pool.smsConfiguration != nil else {
                    throw CognitoError.invalidParameter(
                        "Invalid MFA configuration given, can't turn on MFA and have no enabled MFA options."
                    )
                }
            }
            pool.id = record.id
            pool.arn = existing.arn
            pool.schemaAttributes = existing.schemaAttributes
            pool.domain = existing.domain
            pool.customDomain = existing.customDomain
            record.name = pool.name ?? record.name
            record.lastModifiedAt = now
            record.description = pool
            try await session.updateUserPool(record)
        }
    }

    /// AddCustomAttributes: appends `custom:` attributes to the schema; names already there are refused.
    public func addCustomAttributes(poolId: String, attributes: [SchemaAttributeType]) async throws {
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { session in
            var record = try await PoolScope.requirePool(poolId, in: session, lock: true)
            var schema = record.description.schemaAttributes ?? StandardAttributes.schema
            schema = try SchemaBuilder.schema(appendingCustom: attributes, to: schema)
            record.description.schemaAttributes = schema
            record.lastModifiedAt = now
            try await session.updateUserPool(record)
        }
    }

    /// GetCSVHeader: the columns of a user import file for this pool, in Cognito's order.
    public func csvHeader(poolId: String) async throws -> [String] {
        Self.csvHeader(of: try await PoolScope.requirePool(poolId, in: store))
    }

    /// The columns a user import job's CSV may have, in GetCSVHeader's order.
    static func csvHeader(of record: UserPoolRecord) -> [String] {
        var header = (record.description.schemaAttributes ?? StandardAttributes.schema)
            .compactMap(\.name)
            .filter { $0 != "sub" && !$0.hasPrefix("dev:") }
        header += ["cognito:mfa_enabled", "cognito:username"]
        return header
    }
}
