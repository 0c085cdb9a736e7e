import Foundation
import Hummingbird

/// The per-request context: Hummingbird's core storage plus the request id that every response carries.
public struct CognateRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `x-amzn-requestid`: a UUID, as AWS sends, so clients can quote it in bug reports.
    public let requestId: String

    public init(source: Source) {
        coreContext = .init(source: source)
        requestId = UUID().uuidString.lowercased()
    }

    /// The JSON API reads bodies itself, with its own limit.
    public var maxUploadSize: Int { 1 << 20 }
}
