/// Checks a JSON text before it is parsed: nesting depth (so that ten thousand nested arrays are
/// refused before a recursive parser can exhaust the stack) and trailing commas (which Foundation's
/// parser tolerates but JSON, and Cognito, do not).
enum JSONPreflight {
    enum Problem: Equatable {
        case tooDeep
        case trailingComma
    }

    static func problem(in bytes: some Sequence<UInt8>, depthLimit: Int) -> Problem? {
        var depth = 0
        var inString = false
        var escaped = false
        var afterComma = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                continue  // whitespace neither ends nor begins a value
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > depthLimit { return .tooDeep }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if afterComma { return .trailingComma }
                depth -= 1
            default:
                break
            }
            afterComma = byte == UInt8(ascii: ",")
        }
        return nil
    }
}
