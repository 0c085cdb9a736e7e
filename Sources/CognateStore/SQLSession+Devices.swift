import CognateCore
import Foundation
import SQLKit

extension SQLSession {
    func putDevice(_ device: DeviceRecord) async throws {
        let document = try DocumentCoding.encode(device)
        try await translatingErrors(what: "device \(device.deviceKey)") {
            try await db.raw("""
                INSERT INTO devices (pool_id, device_key, sub, created_at, document)
                VALUES (\(bind: device.poolId), \(bind: device.deviceKey), \(bind: device.sub), \(bind: DocumentCoding.millis(device.createdAt)), \(bind: document))
                ON CONFLICT (pool_id, device_key) DO UPDATE SET document = excluded.document
                """).run()
        }
    }

    func device(poolId: String, deviceKey: String) async throws -> DeviceRecord? {
        try await translatingErrors(what: "device \(deviceKey)") {
            try await db.raw("SELECT document FROM devices WHERE pool_id = \(bind: poolId) AND device_key = \(bind: deviceKey)")
                .first().map { try DocumentCoding.decode(DeviceRecord.self, from: try $0.decode(column: "document", as: String.self)) }
        }
    }

    func devices(poolId: String, sub: String, afterKey: String?, limit: Int) async throws -> [DeviceRecord] {
        try await translatingErrors(what: "devices") {
            try await db.raw("""
                SELECT document FROM devices WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub) AND device_key > \(bind: afterKey ?? "")
                ORDER BY device_key LIMIT \(bind: limit)
                """).all().map { try DocumentCoding.decode(DeviceRecord.self, from: try $0.decode(column: "document", as: String.self)) }
        }
    }

    func deleteDevice(poolId: String, deviceKey: String) async throws -> Bool {
        try await translatingErrors(what: "device \(deviceKey)") {
            try await db.raw("DELETE FROM devices WHERE pool_id = \(bind: poolId) AND device_key = \(bind: deviceKey) RETURNING device_key")
                .first() != nil
        }
    }

    /// Drops a user's devices that were never confirmed and are older than `date`: every sign-in without a
    /// device key starts one, and clients that do not use devices never confirm them.
    func deleteUnconfirmedDevices(poolId: String, sub: String, createdBefore date: Date) async throws {
        let unconfirmed = engine == .postgres ? "(document::jsonb ->> 'verifierHex') IS NULL" : "json_extract(document, '$.verifierHex') IS NULL"
        try await translatingErrors(what: "devices") {
            try await db.raw("""
                DELETE FROM devices WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub)
                AND created_at < \(bind: DocumentCoding.millis(date)) AND \(unsafeRaw: unconfirmed)
                """).run()
        }
    }
}
