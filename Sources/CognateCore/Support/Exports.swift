// JSON values and base64url are part of the core's vocabulary (claims, sealed values, page tokens).
@_exported import CognateJSON
