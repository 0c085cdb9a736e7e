import Foundation

/// Where a ListUsers page ended. Users come in username-key order, except under a prefix filter,
/// where they come in the order of the filtered value (then username key) so that the store walks
/// one index range instead of sorting every match.
public struct UserListPosition: Sendable, Equatable {
    /// The last user's value of the prefix-filtered field; nil when pages are in username-key order.
    public var orderValue: String?
    public var usernameKey: String

    public init(orderValue: String?, usernameKey: String) {
        self.orderValue = orderValue
        self.usernameKey = usernameKey
    }

    /// The position after `user` in the order `filter` lists users.
    public init(after user: UserRecord, filter: UserFilter?) {
        self.init(orderValue: filter?.orderValue(of: user), usernameKey: user.usernameKey)
    }

    /// The opaque `PaginationToken`: base64url of a JSON array, `[key]` or `[value, key]`.
    public var token: String {
        let parts = [orderValue, usernameKey].compactMap { $0 }.map(JSONValue.string)
        return Base64URL.encode(Data(JSONValue.array(parts).serialized))
    }

    /// Reads a token this server issued for the same filter; anything else is InvalidParameterException.
    public init(token: String, filter: UserFilter?) throws {
        let invalid = CognitoError.invalidParameter("The pagination token is invalid.")
        guard let data = Base64URL.decode(token), let value = try? JSONValue.parse(Array(data)), case .array(let items) = value else {
            throw invalid
        }
        let strings = items.compactMap { item -> String? in
            if case .string(let text) = item { return text }
            return nil
        }
        let ordered = filter?.ordersByValue ?? false
        guard strings.count == items.count, strings.count == (ordered ? 2 : 1), let key = strings.last else { throw invalid }
        self.init(orderValue: ordered ? strings[0] : nil, usernameKey: key)
    }
}

extension UserFilter {
    /// Whether matches are listed in the order of the filtered value (prefix filters on text fields).
    public var ordersByValue: Bool {
        guard match == .prefix else { return false }
        if case .enabled = field { return false }
        return true
    }

    /// The value this filter orders `user` by, as the store compares it.
    func orderValue(of user: UserRecord) -> String? {
        guard ordersByValue else { return nil }
        switch field {
        case .username: return user.username
        case .sub: return user.sub
        case .userStatus: return user.status.rawValue
        case .attribute(let name): return user.attributes[name]
        case .enabled: return nil
        }
    }

    /// The smallest string greater than every string that starts with `value`, in code-point order
    /// (which is UTF-8 byte order); nil when no such bound exists (empty value, or only U+10FFFF).
    public var prefixUpperBound: String? {
        var scalars = Array(value.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if next == 0xD800 { next = 0xE000 }
            if let successor = Unicode.Scalar(next) {
                scalars.append(successor)
                var bound = String.UnicodeScalarView()
                bound.append(contentsOf: scalars)
                return String(bound)
            }
        }
        return nil
    }
}
