import Foundation

/// The `TIMESTAMP` of a PASSWORD_VERIFIER response: `"Tue Nov 28 00:05:00 UTC 2026"`.
///
/// The format is what Cognito's clients send: English weekday and month abbreviations, day of month
/// without a leading zero, 24-hour time with two digits each, the literal `UTC`, four-digit year,
/// one space between fields, always in UTC. It is signed into `PASSWORD_CLAIM_SIGNATURE`, so a
/// fresh timestamp is what stops an old signature from being replayed forever.
public enum CognitoTimestamp {
    /// How far the client's clock may be from ours, either way: 5 minutes. Cognito rejects stale
    /// timestamps but does not publish its window; 5 minutes is the clock skew AWS allows for
    /// SigV4 requests, and no honest client takes longer between its two calls.
    public static let tolerance: TimeInterval = 5 * 60

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }()

    /// `date` in the clients' format (seconds truncated).
    public static func string(from date: Date) -> String {
        let c = utcCalendar.dateComponents([.weekday, .year, .month, .day, .hour, .minute, .second], from: date)
        let weekday = weekdays[(c.weekday ?? 1) - 1]
        let month = months[(c.month ?? 1) - 1]
        return "\(weekday) \(month) \(c.day ?? 1) \(twoDigits(c.hour)):\(twoDigits(c.minute)):\(twoDigits(c.second)) UTC \(c.year ?? 1970)"
    }

    /// Parses a timestamp in the clients' format; `nil` if it is not one or names no real date.
    ///
    /// Lenient where that is harmless, since the signature covers the exact string anyway: a day
    /// written `05` is accepted, and the weekday must be a valid abbreviation but is not checked
    /// against the date.
    public static func date(from string: String) -> Date? {
        let fields = string.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 6, weekdays.contains(String(fields[0])), fields[4] == "UTC",
              let monthIndex = months.firstIndex(of: String(fields[1])),
              let day = number(fields[2], digits: 1...2),
              let year = number(fields[5], digits: 4...4)
        else { return nil }
        let time = fields[3].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 3,
              let hour = number(time[0], digits: 2...2), hour < 24,
              let minute = number(time[1], digits: 2...2), minute < 60,
              let second = number(time[2], digits: 2...2), second < 60
        else { return nil }
        let components = DateComponents(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
        // Calendar rolls 31 Feb over into March; a round trip catches that.
        guard (1...31).contains(day), let date = utcCalendar.date(from: components),
              utcCalendar.component(.day, from: date) == day
        else { return nil }
        return date
    }

    /// Whether `timestamp` parses and is within `tolerance` of `now`, in either direction.
    public static func isFresh(_ timestamp: String, now: Date = Date(), tolerance: TimeInterval = tolerance) -> Bool {
        guard let date = date(from: timestamp) else { return false }
        return abs(date.timeIntervalSince(now)) <= tolerance
    }

    private static func twoDigits(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    /// A run of ASCII digits of the given length, as an integer.
    private static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.utf8.count),
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(text)
    }
}
