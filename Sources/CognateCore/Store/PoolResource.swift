import Foundation
import Synchronization

/// What kind of thing inside a user pool a `PoolResource` is.
public struct PoolResourceKind: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// App clients, keyed by client id (unique across all pools).
    public static let client = PoolResourceKind(rawValue: "client")
    /// Domains, keyed by domain name (unique across all pools).
    public static let domain = PoolResourceKind(rawValue: "domain")
    /// Hosted-UI customizations, keyed by client id or `ALL` for the pool's default.
    public static let uiCustomization = PoolResourceKind(rawValue: "ui_customization")
    public static let group = PoolResourceKind(rawValue: "group")
    /// Resource servers, keyed by identifier.
    public static let resourceServer = PoolResourceKind(rawValue: "resource_server")
    /// Identity providers, keyed by provider name.
    public static let identityProvider = PoolResourceKind(rawValue: "identity_provider")
    /// The pool's MFA factors (`SetUserPoolMfaConfig`), under the key `pool`.
    public static let mfaConfiguration = PoolResourceKind(rawValue: "mfa_configuration")
    /// User import jobs, keyed by job id; the uploaded CSV waits in its own table.
    public static let userImportJob = PoolResourceKind(rawValue: "user_import_job")
    /// An identity provider's identifiers, keyed by identifier; the document names the provider.
    public static let idpIdentifier = PoolResourceKind(rawValue: "idp_identifier")

    /// Kinds whose keys are unique across every pool, so they can be found without the pool id.
    public static let globallyUnique: Set<PoolResourceKind> = [.client, .domain]
}

/// One configuration object of a pool (client, domain, group, …) as stored: Cognito's description
/// of it as a JSON document, under a key unique within the pool (or everywhere, for clients and domains).
///
/// Configuration objects are read and written whole, as Cognito's API does, so one table holds them all;
/// users, codes and tokens, which are queried by their fields, get tables of their own.
public struct PoolResource: Sendable, Equatable {
    public var poolId: String
    public var kind: PoolResourceKind
    public var key: String
    public var createdAt: Date
    public var lastModifiedAt: Date
    public var document: String { didSet { decoded = DecodedDocument() } }
    /// The document's last decoded value: the store caches resources per node, so a client read on every
    /// request is decoded once, not every time.
    private var decoded = DecodedDocument()

    public init(poolId: String, kind: PoolResourceKind, key: String, createdAt: Date, lastModifiedAt: Date, document: String) {
        self.poolId = poolId
        self.kind = kind
        self.key = key
        self.createdAt = createdAt
        self.lastModifiedAt = lastModifiedAt
        self.document = document
    }

    public init(
        poolId: String, kind: PoolResourceKind, key: String, createdAt: Date, lastModifiedAt: Date,
        value: some Encodable
    ) throws {
        self.init(
            poolId: poolId, kind: kind, key: key, createdAt: createdAt, lastModifiedAt: lastModifiedAt,
            document: try DocumentCoding.encode(value)
        )
    }

    public func decode<T: Decodable & Sendable>(_ type: T.Type) throws -> T {
        if let value = decoded.value as? T { return value }
        let value = try DocumentCoding.decode(type, from: document)
        decoded.value = value
        return value
    }

    public static func == (lhs: PoolResource, rhs: PoolResource) -> Bool {
        (lhs.poolId, lhs.kind, lhs.key, lhs.createdAt, lhs.lastModifiedAt, lhs.document)
            == (rhs.poolId, rhs.kind, rhs.key, rhs.createdAt, rhs.lastModifiedAt, rhs.document)
    }
}

/// A memo of one decoded document, shared by copies of the resource it belongs to.
private final class DecodedDocument: Sendable {
    private let storage = Mutex<(any Sendable)?>(nil)

    var value: (any Sendable)? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
