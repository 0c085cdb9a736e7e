import CognateCore
import Foundation
import Hummingbird

/// What an operator does to a user from the console; each is the same service call as the API's
/// Admin* operation, then a redirect back to the user's page (post/redirect/get).
extension AdminConsole {
    func registerActions(on router: Router<Context>) {
        userAction("disable", on: router) { poolId, username, _ in
            try await services.adminUsers.setEnabled(poolId: poolId, username: username, enabled: false)
            return "disabled"
        }
        userAction("enable", on: router) { poolId, username, _ in
            try await services.adminUsers.setEnabled(poolId: poolId, username: username, enabled: true)
            return "enabled"
        }
        userAction("reset-password", on: router) { poolId, username, _ in
            try await services.adminUsers.resetPassword(poolId: poolId, username: username)
            return "reset"
        }
        userAction("add-group", on: router) { poolId, username, form in
            try await services.adminUsers.addToGroup(poolId: poolId, username: username, group: form["group"] ?? "")
            return "grouped"
        }
        userAction("remove-group", on: router) { poolId, username, form in
            try await services.adminUsers.removeFromGroup(poolId: poolId, username: username, group: form["group"] ?? "")
            return "ungrouped"
        }
        post("/admin/pools/:poolId/user/delete", on: router) { request, session, form in
            let poolId = Self.poolId(request)
            let username = form["username"] ?? ""
            // The confirmation page posts `confirm=yes`; anything else shows that page first.
            guard form["confirm"] == "yes" else {
                return HostedPage().redirect(to: Self.userPath(poolId, username) + "&confirm=delete")
            }
            try await services.adminUsers.delete(poolId: poolId, username: username)
            return HostedPage().redirect(to: "/admin/pools/\(FormEncoding.escape(poolId))?deleted=1")
        }
    }

    private func userAction(
        _ name: String, on router: Router<Context>, _ body: @escaping @Sendable (String, String, [String: String]) async throws -> String
    ) {
        post("/admin/pools/:poolId/user/\(name)", on: router) { request, _, form in
            let poolId = Self.poolId(request)
            let username = form["username"] ?? ""
            let notice = try await body(poolId, username, form)
            return HostedPage().redirect(to: Self.userPath(poolId, username) + "&done=\(notice)")
        }
    }

    /// The pool id of a console path (`/admin/pools/{poolId}/…`).
    static func poolId(_ request: Request) -> String {
        let parts = request.uri.path.split(separator: "/")
        return parts.count > 2 ? String(parts[2]).removingPercentEncoding ?? String(parts[2]) : ""
    }
}
