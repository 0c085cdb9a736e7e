import CognitoModel
import Foundation

/// A user pool as stored: the columns the database indexes, and Cognito's full description of it.
public struct UserPoolRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var createdAt: Date
    public var lastModifiedAt: Date
    /// The pool as `DescribeUserPool` returns it, minus what is computed on read
    /// (`EstimatedNumberOfUsers`).
    public var description: UserPoolType

    public init(id: String, name: String, createdAt: Date, lastModifiedAt: Date, description: UserPoolType) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.lastModifiedAt = lastModifiedAt
        self.description = description
    }
}
