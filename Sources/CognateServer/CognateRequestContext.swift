import Foundation
import CognateCore
import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the request id that every response carries.
public struct CognateRequestContext: RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `x-amzn-requestid`: a UUID, as AWS sends, so clients can quote it in bug reports.
    public let requestId: String
    /// The peer of the connection (the console throttles wrong secrets per key and address).
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        coreContext = .init(source: source)
        requestId = RandomUUID.string()
        remoteAddress = source.channel.remoteAddress
    }

    /// The JSON API reads bodies itself, with its own limit.
    public var maxUploadSize: Int { 1 << 20 }
}
