import CognateCore
import CognateHostedUI
import CognateStore
import CognitoAPI
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Assembles the HTTP application from a configuration and a store; `cognate serve` and the tests
/// both build it here, so what the tests exercise is what runs.
public enum CognateApplication {
    public static func build(
        configuration: ServerConfiguration,
        store: any Store,
        accessKeys: [String: String],
        sealer: KeySealer,
        backgroundServices: [any Service] = [],
        clock: any WallClock = SystemWallClock(),
        random: any RandomSource = SystemRandomSource(),
        logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router(context: CognateRequestContext.self)
        router.add(middleware: RequestIdMiddleware())
        HealthRoute(store: store).register(on: router)

        var operations = OperationTable()
        let services = Services(
            store: store, deployment: configuration.deployment, sealer: sealer,
            passwordParameters: configuration.passwordParameters, clock: clock, random: random
        )
        operations.addAllOperations(services)
        WellKnownRoutes(services: services, store: store).register(on: router)
        HostedUI<CognateRequestContext>(services: services, publicURL: configuration.deployment.publicURL).register(on: router)
        UserImportUploadRoute(jobs: services.userImportJobs).register(on: router)
        AdminConsole<CognateRequestContext>(
            services: services, accessKeys: accessKeys, sealer: sealer, clock: clock, publicURL: configuration.deployment.publicURL
        ).register(on: router)
        if configuration.developmentOutbox {
            DevelopmentOutboxRoute(store: store).register(on: router)
        }
        let verifier = SigV4Verifier(region: configuration.deployment.region, keys: AccessKeys(accessKeys), clock: clock)
        let api = CognitoJSONProtocol(operations: operations, verifier: verifier, logger: logger)
        CognitoAPIRoutes(api: api, maximumBodySize: configuration.maximumBodySize).register(on: router)

        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Cognate"),
            services: backgroundServices,
            logger: logger
        )
    }
}
