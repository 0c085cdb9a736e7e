import CognateVerifier
import CognateVerifierHummingbird
import Hummingbird

/// Hummingbird's request storage plus the user a verified access token names, if any.
struct ExampleRequestContext: CognitoAuthenticatedRequestContext {
    var coreContext: CoreRequestContextStorage
    var cognitoUser: CognitoAccessToken?

    init(source: Source) {
        coreContext = .init(source: source)
    }
}
