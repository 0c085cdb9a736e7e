import CognateCore
import CognitoModel
import Foundation
import Hummingbird

/// The console's pages: pools, one pool (clients, groups, users with search and paging), one user, and
/// the CSV of a pool's users.
extension AdminConsole {
    func registerPages(on router: Router<Context>) {
        router.get("/admin") { request, _ -> Response in
            try await signedIn(request) { session in
                let token = FormEncoding.decode(request.uri.query ?? "")["page"]
                let listed = try await services.userPools.list(maxResults: 60, nextToken: token)
                let pools = listed.pools.map { pool -> [String: Any] in
                    ["id": pool.id ?? "", "name": pool.name ?? "", "href": "/admin/pools/\(FormEncoding.escape(pool.id ?? ""))",
                     "created": Self.date(pool.creationDate)]
                }
                var view: [String: Any] = ["pools": pools, "empty": pools.isEmpty]
                if let next = listed.nextToken { view["next"] = "/admin?page=\(FormEncoding.escape(next))" }
                return page("User pools", view, session: session, template: "adminPools")
            }
        }

        router.get("/admin/pools/:poolId") { request, context -> Response in
            try await signedIn(request) { session in
                let poolId = context.parameters.get("poolId") ?? ""
                let query = FormEncoding.decode(request.uri.query ?? "")
                let pool = try await services.userPools.describe(id: poolId)
                let filter = query["filter"]?.trimmingCharacters(in: .whitespaces) ?? ""
                var view: [String: Any] = [
                    "poolId": poolId, "poolName": pool.name ?? poolId, "filter": filter,
                    "csv": "/admin/pools/\(FormEncoding.escape(poolId))/users.csv", "created": Self.date(pool.creationDate),
                    "estimatedUsers": pool.estimatedNumberOfUsers ?? 0, "deleted": query["deleted"] == "1",
                ]
                view["clients"] = try await services.appClients.list(poolId: poolId, maxResults: 60, nextToken: nil).clients.map {
                    ["name": $0.clientName ?? "", "id": $0.clientId ?? ""]
                }
                view["groups"] = try await services.groups.list(poolId: poolId, limit: 60, nextToken: nil).groups.map {
                    ["name": $0.groupName ?? "", "description": $0.description ?? ""]
                }
                do {
                    let listed = try await services.adminUsers.list(
                        poolId: poolId, filter: filter.isEmpty ? nil : filter, attributesToGet: nil, limit: 25, token: query["page"]
                    )
                    view["users"] = listed.users.map { user -> [String: Any] in
                        let attributes = Dictionary((user.attributes ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
                        return [
                            "username": user.username ?? "", "href": Self.userPath(poolId, user.username ?? ""), "email": attributes["email"] ?? "",
                            "status": user.userStatus?.rawValue ?? "", "enabled": user.enabled == false ? "Disabled" : "Enabled",
                        ]
                    }
                    view["noUsers"] = listed.users.isEmpty
                    if let next = listed.token {
                        view["next"] = "/admin/pools/\(FormEncoding.escape(poolId))?filter=\(FormEncoding.escape(filter))&page=\(FormEncoding.escape(next))"
                    }
                } catch let error as CognitoError where error.code == .invalidParameter {
                    view["filterError"] = "\(error.message) Filters look like email ^= \"ann\" or cognito:user_status = \"CONFIRMED\"."
                }
                return page(pool.name ?? poolId, view, session: session, template: "adminPool")
            }
        }

        router.get("/admin/pools/:poolId/user") { request, context -> Response in
            try await signedIn(request) { session in
                let poolId = context.parameters.get("poolId") ?? ""
                let query = FormEncoding.decode(request.uri.query ?? "")
                let username = query["username"] ?? ""
                let user = try await services.adminUsers.get(poolId: poolId, username: username)
                let groups = try await services.adminUsers.groups(poolId: poolId, username: username, limit: 60, nextToken: nil).groups
                let member = Set(groups.compactMap(\.groupName))
                let all = try await services.groups.list(poolId: poolId, limit: 60, nextToken: nil).groups.compactMap(\.groupName)
                var view: [String: Any] = [
                    "poolId": poolId, "poolHref": "/admin/pools/\(FormEncoding.escape(poolId))", "username": user.username,
                    "status": user.userStatus?.rawValue ?? "", "enabled": user.enabled != false,
                    "created": Self.date(user.userCreateDate), "modified": Self.date(user.userLastModifiedDate),
                    "attributes": (user.userAttributes ?? []).map { ["name": $0.name, "value": $0.value ?? ""] },
                    "groups": groups.map { ["name": $0.groupName ?? ""] }, "otherGroups": all.filter { !member.contains($0) }.map { ["name": $0] },
                    "hasOtherGroups": all.contains { !member.contains($0) },
                    "actionBase": "/admin/pools/\(FormEncoding.escape(poolId))/user",
                ]
                view["events"] = try await services.adminUsers.history(poolId: poolId, username: username, limit: 10, nextToken: nil).events.map {
                    event -> [String: Any] in
                    [
                        "time": Self.date(event.creationDate), "type": event.eventType?.rawValue ?? "",
                        "result": event.eventResponse?.rawValue ?? "", "failed": event.eventResponse == .fail,
                    ]
                }
                view["noEvents"] = (view["events"] as? [[String: Any]])?.isEmpty ?? true
                if let notice = query["done"].flatMap({ AdminNotices.texts[$0] }) { view["notice"] = notice }
                if query["confirm"] == "delete" { view["confirmDelete"] = true }
                return page(user.username, view, session: session, template: "adminUser")
            }
        }

        router.get("/admin/pools/:poolId/users.csv") { request, context -> Response in
            try await signedIn(request) { _ in
                let poolId = context.parameters.get("poolId") ?? ""
                let transfer = services.userTransfer
                let header = TransferredUser.csvHeader(attributeNames: try await transfer.attributeNames(poolId: poolId), withPasswords: false)
                var text = CSV.line(header)
                try await transfer.export(poolId: poolId, withPasswords: false) { users in
                    for user in users { text += CSV.line(user.csvRow(header: header)) }
                }
                var headers = HTTPFields()
                headers[.contentType] = "text/csv; charset=utf-8"
                headers[.contentDisposition] = "attachment; filename=\"\(poolId)-users.csv\""
                headers[.cacheControl] = "no-store"
                headers[.xContentTypeOptions] = "nosniff"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            }
        }
    }
}
