import CognateCore
import CognitoModel

extension OperationTable {
    /// Tracked and remembered devices, for the signed-in user and for the administrator.
    mutating func addDeviceOperations(_ devices: DeviceService) {
        on(.confirmDevice, ConfirmDeviceRequest.self) { request, _ in
            ConfirmDeviceResponse(userConfirmationNecessary: try await devices.confirm(
                accessToken: request.accessToken, deviceKey: request.deviceKey, verifier: request.deviceSecretVerifierConfig, name: request.deviceName
            ))
        }
        on(.updateDeviceStatus, UpdateDeviceStatusRequest.self) { request, _ in
            try await devices.updateStatus(accessToken: request.accessToken, deviceKey: request.deviceKey, status: request.deviceRememberedStatus)
            return EmptyResponse()
        }
        on(.adminUpdateDeviceStatus, AdminUpdateDeviceStatusRequest.self) { request, _ in
            try await devices.updateStatus(
                poolId: request.userPoolId, username: request.username, deviceKey: request.deviceKey, status: request.deviceRememberedStatus
            )
            return EmptyResponse()
        }
        on(.getDevice, GetDeviceRequest.self) { request, _ in
            GetDeviceResponse(device: try await devices.get(accessToken: request.accessToken, deviceKey: request.deviceKey))
        }
        on(.adminGetDevice, AdminGetDeviceRequest.self) { request, _ in
            AdminGetDeviceResponse(device: try await devices.get(poolId: request.userPoolId, username: request.username, deviceKey: request.deviceKey))
        }
        on(.listDevices, ListDevicesRequest.self) { request, _ in
            let page = try await devices.list(accessToken: request.accessToken, limit: request.limit, token: request.paginationToken)
            return ListDevicesResponse(devices: page.devices, paginationToken: page.token)
        }
        on(.adminListDevices, AdminListDevicesRequest.self) { request, _ in
            let page = try await devices.list(poolId: request.userPoolId, username: request.username, limit: request.limit, token: request.paginationToken)
            return AdminListDevicesResponse(devices: page.devices, paginationToken: page.token)
        }
        on(.forgetDevice, ForgetDeviceRequest.self) { request, _ in
            try await devices.forget(accessToken: request.accessToken, deviceKey: request.deviceKey)
            return EmptyResponse()
        }
        on(.adminForgetDevice, AdminForgetDeviceRequest.self) { request, _ in
            try await devices.forget(poolId: request.userPoolId, username: request.username, deviceKey: request.deviceKey)
            return EmptyResponse()
        }
    }
}
