import CognateCore
import Foundation

/// A clock that always answers the same instant, so signatures and expiries are exact.
struct FixedClock: WallClock {
    let instant: Date
    func now() -> Date { instant }
}

extension Date {
    /// `2015-08-30T12:36:00Z`, the instant of AWS's SigV4 test suite.
    static let sigV4TestSuite = Date(timeIntervalSince1970: 1_440_938_160)
}
