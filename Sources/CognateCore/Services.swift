/// Every domain service, built once over one store, so that each surface (JSON API, hosted UI,
/// console, CLI) calls the same instances with the same clock and randomness.
public struct Services: Sendable {
    public let userPools: UserPoolService
    public let appClients: AppClientService
    public let domains: DomainService
    public let uiCustomizations: UICustomizationService
    public let groups: GroupService
    public let resourceServers: ResourceServerService
    public let identityProviders: IdentityProviderService

    public init(store: any Store, deployment: Deployment, clock: any WallClock = SystemWallClock(), random: any RandomSource = SystemRandomSource()) {
        userPools = UserPoolService(store: store, deployment: deployment, clock: clock, random: random)
        appClients = AppClientService(store: store, clock: clock, random: random)
        domains = DomainService(store: store, deployment: deployment, clock: clock)
        uiCustomizations = UICustomizationService(store: store, deployment: deployment, clock: clock, random: random)
        groups = GroupService(store: store, clock: clock)
        resourceServers = ResourceServerService(store: store, clock: clock)
        identityProviders = IdentityProviderService(store: store, clock: clock)
    }
}
