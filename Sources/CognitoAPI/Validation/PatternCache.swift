import Foundation
import Synchronization

/// The model's patterns compiled once. They are Java regular expressions that must match the whole
/// value; ICU (behind `NSRegularExpression`) understands their `\p{…}` classes and look-behinds.
final class PatternCache: Sendable {
    static let shared = PatternCache()

    private let compiled = Mutex<[String: NSRegularExpression]>([:])

    func matches(_ value: String, pattern: String) -> Bool {
        guard let regex = regex(for: pattern) else { return true }  // an uncompilable model pattern constrains nothing
        let range = NSRange(value.startIndex..<value.endIndex, in: value)
        return regex.firstMatch(in: value, options: [], range: range) != nil
    }

    private func regex(for pattern: String) -> NSRegularExpression? {
        if let cached = compiled.withLock({ $0[pattern] }) { return cached }
        let anchored = try? NSRegularExpression(pattern: "^(?:\(pattern))\\z", options: [])
        if let anchored { compiled.withLock { $0[pattern] = anchored } }
        return anchored
    }
}
