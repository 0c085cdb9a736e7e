/// An error that must not undo the writes made before it in the same transaction: a wrong code's
/// counted attempt, the revocation of a leaked refresh token's family. `Store.transaction` commits,
/// then throws `underlying`.
public struct CommitThenThrow: Error {
    public let underlying: any Error

    public init(_ underlying: any Error) {
        self.underlying = underlying
    }
}
