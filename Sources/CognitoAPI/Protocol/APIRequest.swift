import Foundation

/// An HTTP request as the Cognito protocol sees it, free of any server framework so that the
/// protocol can be tested without sockets and served by any HTTP stack.
public struct APIRequest: Sendable {
    public var method: String
    /// The path as it arrived, still percent-encoded (SigV4 signs it that way).
    public var rawPath: String
    /// The query string as it arrived, without `?`.
    public var rawQuery: String?
    /// Header names in any case; repeated headers appear repeatedly.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(method: String, rawPath: String, rawQuery: String?, headers: [(name: String, value: String)], body: Data) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// All values of a header, case-insensitively, in arrival order.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    public func header(_ name: String) -> String? { headerValues(name).first }
}

/// What the protocol answers.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(status: Int, headers: [(name: String, value: String)], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
