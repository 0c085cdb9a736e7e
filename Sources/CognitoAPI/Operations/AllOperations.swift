import CognateCore

extension OperationTable {
    /// Every operation Cognate implements. The README's compatibility table is generated from the
    /// table this builds, so it cannot claim an operation that is not wired here.
    public mutating func addAllOperations(_ services: Services) {
        addUserPoolOperations(services.userPools)
        addAppClientOperations(services.appClients)
        addDomainOperations(services.domains, services.uiCustomizations)
        addGroupOperations(services.groups)
        addResourceServerOperations(services.resourceServers)
        addIdentityProviderOperations(services.identityProviders)
        addAccountOperations(services.accounts)
        addAdminUserOperations(services.adminUsers)
        addAuthOperations(services.authentication)
        addUserImportJobOperations(services.userImportJobs)
        addMFAOperations(services.mfa)
        addDeviceOperations(services.devices)
    }
}
