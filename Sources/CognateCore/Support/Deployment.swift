/// Facts about this installation that appear in identifiers and ARNs.
public struct Deployment: Sendable, Equatable {
    /// The AWS-style region that pool ids and ARNs carry, and that SigV4 scopes must name.
    public var region: String
    /// The account id ARNs carry.
    public var accountId: String
    /// The public base URL; issuers and hosted-UI links start with it.
    public var publicURL: String

    public init(region: String, accountId: String, publicURL: String) {
        self.region = region
        self.accountId = accountId
        self.publicURL = publicURL
    }

    /// `arn:aws:cognito-idp:REGION:ACCOUNT:userpool/ID`, as Cognito forms it.
    public func userPoolArn(_ poolId: String) -> String {
        "arn:aws:cognito-idp:\(region):\(accountId):userpool/\(poolId)"
    }
}
