/// An error with one of the exception names Cognito answers with, so that every surface
/// (JSON API, hosted UI, console, CLI) reports the same failure the same way.
public struct CognitoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exception name, as `__type` carries it on the wire.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // Exceptions of the model.
        public static let invalidParameter = Code(rawValue: "InvalidParameterException")
        public static let resourceNotFound = Code(rawValue: "ResourceNotFoundException")
        public static let notAuthorized = Code(rawValue: "NotAuthorizedException")
        public static let limitExceeded = Code(rawValue: "LimitExceededException")
        public static let tooManyRequests = Code(rawValue: "TooManyRequestsException")
        public static let unsupportedOperation = Code(rawValue: "UnsupportedOperationException")
        public static let internalError = Code(rawValue: "InternalErrorException")
        public static let concurrentModification = Code(rawValue: "ConcurrentModificationException")
        public static let userPoolTagging = Code(rawValue: "UserPoolTaggingException")
        public static let groupExists = Code(rawValue: "GroupExistsException")
        public static let duplicateProvider = Code(rawValue: "DuplicateProviderException")
        public static let scopeDoesNotExist = Code(rawValue: "ScopeDoesNotExistException")
        public static let invalidOAuthFlow = Code(rawValue: "InvalidOAuthFlowException")
        public static let usernameExists = Code(rawValue: "UsernameExistsException")
        public static let aliasExists = Code(rawValue: "AliasExistsException")
        public static let userNotFound = Code(rawValue: "UserNotFoundException")
        public static let userNotConfirmed = Code(rawValue: "UserNotConfirmedException")
        public static let invalidPassword = Code(rawValue: "InvalidPasswordException")
        public static let passwordResetRequired = Code(rawValue: "PasswordResetRequiredException")
        public static let codeMismatch = Code(rawValue: "CodeMismatchException")
        public static let expiredCode = Code(rawValue: "ExpiredCodeException")
        public static let codeDeliveryFailure = Code(rawValue: "CodeDeliveryFailureException")
        public static let unsupportedUserState = Code(rawValue: "UnsupportedUserStateException")
        public static let unsupportedTokenType = Code(rawValue: "UnsupportedTokenTypeException")
        public static let refreshTokenReuse = Code(rawValue: "RefreshTokenReuseException")
        public static let userPoolAddOnNotEnabled = Code(rawValue: "UserPoolAddOnNotEnabledException")
        public static let enableSoftwareTokenMFA = Code(rawValue: "EnableSoftwareTokenMFAException")
        public static let preconditionNotMet = Code(rawValue: "PreconditionNotMetException")

        // Exceptions of the AWS JSON protocol and SigV4, common to every AWS service.
        public static let serialization = Code(rawValue: "SerializationException")
        public static let unknownOperation = Code(rawValue: "UnknownOperationException")
        public static let missingAuthenticationToken = Code(rawValue: "MissingAuthenticationTokenException")
        public static let incompleteSignature = Code(rawValue: "IncompleteSignatureException")
        public static let unrecognizedClient = Code(rawValue: "UnrecognizedClientException")
        public static let invalidSignature = Code(rawValue: "InvalidSignatureException")
        public static let requestEntityTooLarge = Code(rawValue: "RequestEntityTooLargeException")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Server faults (the model's `fault` exceptions) are the only errors answered with a 5xx.
    public var isServerFault: Bool { code == .internalError }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension CognitoError {
    public static func invalidParameter(_ message: String) -> CognitoError { .init(.invalidParameter, message) }
    public static func resourceNotFound(_ message: String) -> CognitoError { .init(.resourceNotFound, message) }
    public static func limitExceeded(_ message: String) -> CognitoError { .init(.limitExceeded, message) }
    public static func notAuthorized(_ message: String) -> CognitoError { .init(.notAuthorized, message) }
    public static func internalError(_ message: String = "Internal server error.") -> CognitoError {
        .init(.internalError, message)
    }
}
