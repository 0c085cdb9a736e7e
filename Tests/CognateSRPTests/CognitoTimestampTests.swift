import Foundation
import Testing
import CognateSRP

@Suite struct CognitoTimestampTests {
    @Test func formatsLikeTheClients() {
        // The same instants as the known-answer vectors, whose strings pycognito made.
        #expect(CognitoTimestamp.string(from: utc(2026, 11, 3, 7, 5, 9)) == "Tue Nov 3 07:05:09 UTC 2026")
        #expect(CognitoTimestamp.string(from: utc(2027, 2, 28, 23, 59, 59)) == "Sun Feb 28 23:59:59 UTC 2027")
        #expect(CognitoTimestamp.string(from: utc(2028, 2, 29)) == "Tue Feb 29 00:00:00 UTC 2028")
        #expect(CognitoTimestamp.string(from: utc(2026, 11, 28, 0, 5, 0)) == "Sat Nov 28 00:05:00 UTC 2026")
        // Sub-second parts are dropped, not rounded.
        #expect(CognitoTimestamp.string(from: utc(2026, 1, 1).addingTimeInterval(0.999)) == "Thu Jan 1 00:00:00 UTC 2026")
    }

    @Test func parsesWhatItFormats() throws {
        let date = utc(2026, 12, 31, 23, 59, 59)
        #expect(CognitoTimestamp.date(from: CognitoTimestamp.string(from: date)) == date)
        #expect(CognitoTimestamp.date(from: "Tue Nov 03 07:05:09 UTC 2026") == utc(2026, 11, 3, 7, 5, 9))
        // 28 Nov 2026 is a Saturday: the weekday is not checked against the date (the signature covers it).
        #expect(CognitoTimestamp.date(from: "Tue Nov 28 00:05:00 UTC 2026") == utc(2026, 11, 28, 0, 5, 0))
    }

    @Test(arguments: [
        "Tue Nov 3 07:05:09 GMT 2026", "Tue Nov  3 07:05:09 UTC 2026", "Tue Nov 3 7:05:09 UTC 2026",
        "Tue Nov 3 24:00:00 UTC 2026", "Tue Nov 3 07:60:00 UTC 2026", "Tue Feb 30 07:05:09 UTC 2026",
        "Tue Nov 0 07:05:09 UTC 2026", "Xyz Nov 3 07:05:09 UTC 2026", "Tue nov 3 07:05:09 UTC 2026",
        "Tue Nov 3 07:05:09 UTC 26", "Tue Nov 3 07:05:09 UTC 2026 ", "", "Tue Nov +3 07:05:09 UTC 2026",
    ])
    func rejectsOtherShapes(_ text: String) {
        #expect(CognitoTimestamp.date(from: text) == nil)
    }

    @Test func freshnessIsFiveMinutesEitherWay() {
        let now = utc(2026, 11, 3, 7, 5, 9)
        #expect(CognitoTimestamp.tolerance == 300)
        #expect(CognitoTimestamp.isFresh("Tue Nov 3 07:05:09 UTC 2026", now: now))
        #expect(CognitoTimestamp.isFresh("Tue Nov 3 07:00:09 UTC 2026", now: now))
        #expect(CognitoTimestamp.isFresh("Tue Nov 3 07:10:09 UTC 2026", now: now))
        #expect(!CognitoTimestamp.isFresh("Tue Nov 3 07:00:08 UTC 2026", now: now))
        #expect(!CognitoTimestamp.isFresh("Tue Nov 3 07:10:10 UTC 2026", now: now))
        #expect(!CognitoTimestamp.isFresh("garbage", now: now))
    }
}
