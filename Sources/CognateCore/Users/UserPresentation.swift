import CognitoModel
import Foundation

/// A stored user as the API shows it: attributes with `sub` first, in a stable order.
extension UserRecord {
    public var attributeList: [AttributeType] {
        [AttributeType(name: "sub", value: sub)]
            + attributes.sorted { $0.key < $1.key }.map { AttributeType(name: $0.key, value: $0.value) }
    }

    public var userType: UserType {
        UserType(
            username: username, attributes: attributeList, userCreateDate: createdAt, userLastModifiedDate: lastModifiedAt,
            enabled: enabled, userStatus: status
        )
    }
}
