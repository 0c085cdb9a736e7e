import CognateArgon2
import Logging

/// Every domain service, built once over one store, so that each surface (JSON API, hosted UI,
/// console, CLI) calls the same instances with the same clock, randomness and keys.
public struct Services: Sendable {
    public let userPools: UserPoolService
    public let appClients: AppClientService
    public let domains: DomainService
    public let uiCustomizations: UICustomizationService
    public let groups: GroupService
    public let resourceServers: ResourceServerService
    public let identityProviders: IdentityProviderService
    public let signingKeys: SigningKeyRing
    public let tokens: TokenService
    public let accounts: AccountService
    public let adminUsers: AdminUserService
    public let authentication: AuthenticationService
    public let oauth: OAuthService
    public let userImportJobs: UserImportJobService
    public let userTransfer: UserTransfer
    public let mfa: MFAService
    public let devices: DeviceService

    public init(
        store: any Store, deployment: Deployment, sealer: KeySealer, passwordParameters: Argon2Parameters = .default,
        clock: any WallClock = SystemWallClock(), random: any RandomSource = SystemRandomSource()
    ) {
        userPools = UserPoolService(store: store, deployment: deployment, clock: clock, random: random)
        appClients = AppClientService(store: store, clock: clock, random: random)
        domains = DomainService(store: store, deployment: deployment, clock: clock)
        uiCustomizations = UICustomizationService(store: store, deployment: deployment, clock: clock, random: random)
        groups = GroupService(store: store, clock: clock)
        resourceServers = ResourceServerService(store: store, clock: clock)
        identityProviders = IdentityProviderService(store: store, clock: clock)
        signingKeys = SigningKeyRing(store: store, sealer: sealer, clock: clock, random: random)
        tokens = TokenService(store: store, keys: signingKeys, deployment: deployment, clock: clock, random: random)
        let passwords = PasswordHasher(parameters: passwordParameters, random: random)
        accounts = AccountService(
            store: store, passwords: passwords, tokens: tokens, publicURL: deployment.publicURL, clock: clock, random: random
        )
        adminUsers = AdminUserService(store: store, passwords: passwords, clock: clock, random: random)
        authentication = AuthenticationService(
            store: store, passwords: passwords, tokens: tokens, sealer: sealer, clock: clock, random: random
        )
        oauth = OAuthService(
            store: store, tokens: tokens, authentication: authentication, sealer: sealer, deployment: deployment, clock: clock,
            random: random
        )
        userTransfer = UserTransfer(store: store, clock: clock, sealer: sealer)
        devices = DeviceService(store: store, tokens: tokens, clock: clock)
        mfa = MFAService(store: store, tokens: tokens, sealer: sealer, clock: clock, random: random)
        userImportJobs = UserImportJobService(
            store: store, sealer: sealer, deployment: deployment, clock: clock, random: random, logger: Logger(label: "cognate.user-import")
        )
    }
}
