import Foundation
@testable import CognateSRP

/// Bytes of a hex string written in a test (even length, valid digits).
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    precondition(digits.count % 2 == 0)
    return stride(from: 0, to: digits.count, by: 2).map {
        UInt8(String(decoding: digits[$0 ..< $0 + 2], as: UTF8.self), radix: 16)!
    }
}

func base64Bytes(_ text: String) -> [UInt8] {
    [UInt8](Data(base64Encoded: text)!)
}

func poolName(_ vector: KnownAnswer) -> String {
    String(vector.poolId.split(separator: "_")[1])
}

/// The UTC date of `year-month-day hour:minute:second`.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0)!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}

/// The challenge state for a vector, straight from its recorded values: no exponentiation, which in a
/// debug build costs about a second each. `KnownAnswerTests` checks that the challenge produces it.
func knownState(_ vector: KnownAnswer) -> SRPChallengeState {
    SRPChallengeState(
        clientPublicKey: SRPEncoding.minimalBytes(SRPEncoding.integer(fromHex: vector.srpA)!),
        serverPrivateKey: bytes(hex: vector.b),
        serverPublicKey: SRPEncoding.minimalBytes(SRPEncoding.integer(fromHex: vector.srpB)!)
    )
}
