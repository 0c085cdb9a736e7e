import CognitoModel

/// The settings of an app client that Create and Update share (Update replaces them all, as Cognito
/// does: what the request leaves out returns to its default).
struct AppClientSettings {
    var clientName: String
    var refreshTokenValidity: Int?
    var accessTokenValidity: Int?
    var idTokenValidity: Int?
    var tokenValidityUnits: TokenValidityUnitsType?
    var readAttributes: [String]?
    var writeAttributes: [String]?
    var explicitAuthFlows: [ExplicitAuthFlowsType]?
    var supportedIdentityProviders: [String]?
    var callbackURLs: [String]?
    var logoutURLs: [String]?
    var defaultRedirectURI: String?
    var allowedOAuthFlows: [OAuthFlowType]?
    var allowedOAuthScopes: [String]?
    var allowedOAuthFlowsUserPoolClient: Bool?
    var analyticsConfiguration: AnalyticsConfigurationType?
    var preventUserExistenceErrors: PreventUserExistenceErrorTypes?
    var enableTokenRevocation: Bool?
    var enablePropagateAdditionalUserContextData: Bool?
    var authSessionValidity: Int?
    var refreshTokenRotation: RefreshTokenRotationType?

    init(_ request: CreateUserPoolClientRequest) {
        clientName = request.clientName
        refreshTokenValidity = request.refreshTokenValidity
        accessTokenValidity = request.accessTokenValidity
        idTokenValidity = request.idTokenValidity
        tokenValidityUnits = request.tokenValidityUnits
        readAttributes = request.readAttributes
        writeAttributes = request.writeAttributes
        explicitAuthFlows = request.explicitAuthFlows
        supportedIdentityProviders = request.supportedIdentityProviders
        callbackURLs = request.callbackURLs
        logoutURLs = request.logoutURLs
        defaultRedirectURI = request.defaultRedirectURI
        allowedOAuthFlows = request.allowedOAuthFlows
        allowedOAuthScopes = request.allowedOAuthScopes
        allowedOAuthFlowsUserPoolClient = request.allowedOAuthFlowsUserPoolClient
        analyticsConfiguration = request.analyticsConfiguration
        preventUserExistenceErrors = request.preventUserExistenceErrors
        enableTokenRevocation = request.enableTokenRevocation
        enablePropagateAdditionalUserContextData = request.enablePropagateAdditionalUserContextData
        authSessionValidity = request.authSessionValidity
        refreshTokenRotation = request.refreshTokenRotation
    }

    init(_ request: UpdateUserPoolClientRequest, existingName: String) {
        clientName = request.clientName ?? existingName
        refreshTokenValidity = request.refreshTokenValidity
        accessTokenValidity = request.accessTokenValidity
        idTokenValidity = request.idTokenValidity
        tokenValidityUnits = request.tokenValidityUnits
        readAttributes = request.readAttributes
        writeAttributes = request.writeAttributes
        explicitAuthFlows = request.explicitAuthFlows
        supportedIdentityProviders = request.supportedIdentityProviders
        callbackURLs = request.callbackURLs
        logoutURLs = request.logoutURLs
        defaultRedirectURI = request.defaultRedirectURI
        allowedOAuthFlows = request.allowedOAuthFlows
        allowedOAuthScopes = request.allowedOAuthScopes
        allowedOAuthFlowsUserPoolClient = request.allowedOAuthFlowsUserPoolClient
        analyticsConfiguration = request.analyticsConfiguration
        preventUserExistenceErrors = request.preventUserExistenceErrors
        enableTokenRevocation = request.enableTokenRevocation
        enablePropagateAdditionalUserContextData = request.enablePropagateAdditionalUserContextData
        authSessionValidity = request.authSessionValidity
        refreshTokenRotation = request.refreshTokenRotation
    }
}
