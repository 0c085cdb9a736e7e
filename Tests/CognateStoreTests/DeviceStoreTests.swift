import CognateCore
import CognateStore
import CognitoModel
import Foundation
import Testing

/// Devices on both engines: kept per user, and those never confirmed dropped once old.
@Suite struct DeviceStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let pool = "us-east-1_dev"

    @Test(arguments: Backend.available)
    func unconfirmedDevicesAreDroppedOnceOldAndConfirmedOnesKept(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await store.seedPool(pool, subs: ["s1", "s2"], at: now)
            func device(_ key: String, sub: String = "s1", age: TimeInterval, confirmed: Bool) -> DeviceRecord {
                var device = DeviceRecord(poolId: pool, deviceKey: key, sub: sub, groupKey: "-g", createdAt: now.addingTimeInterval(-age))
                if confirmed {
                    device.saltHex = "00ff"
                    device.verifierHex = "abcd"
                }
                return device
            }
            for record in [
                device("old-unconfirmed", age: 90_000, confirmed: false), device("old-confirmed", age: 90_000, confirmed: true),
                device("new-unconfirmed", age: 60, confirmed: false), device("other-user", sub: "s2", age: 90_000, confirmed: false),
            ] {
                try await store.putDevice(record)
            }
            try await store.deleteUnconfirmedDevices(poolId: pool, sub: "s1", createdBefore: now.addingTimeInterval(-86400))
            #expect(try await store.devices(poolId: pool, sub: "s1", afterKey: nil, limit: 10).map(\.deviceKey) == ["new-unconfirmed", "old-confirmed"])
            #expect(try await store.devices(poolId: pool, sub: "s2", afterKey: nil, limit: 10).count == 1, "another user's devices stay")
            #expect(try await store.deleteUser(poolId: pool, sub: "s1"))
            #expect(try await store.device(poolId: pool, deviceKey: "old-confirmed") == nil, "devices go with their user")
        }
    }
}
