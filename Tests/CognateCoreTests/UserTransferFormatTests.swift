import Foundation
import Testing

@testable import CognateCore

/// The formats users move in: CSV as spreadsheets write it, JSON Lines and CSV forms of a user, and
/// the password hashes other systems make (vectors computed with Python's hashlib).
@Suite struct UserTransferFormatTests {
    @Test func csvReadsQuotesLineBreaksAndBOMInAnyChunking() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,last\r\n\r\n"
        let expected = [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["plain", "", "last"]]
        #expect(try CSV.parse(text) == expected)
        let bytes = Array(text.utf8)
        for size in [1, 2, 3, 7] {
            var reader = CSV()
            var records: [[String]] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                records += try reader.feed(bytes[start..<min(start + size, bytes.count)])
            }
            records += try reader.finish()
            #expect(records == expected, "chunks of \(size)")
        }
        #expect(try CSV.parse("a,b\n1,2") == [["a", "b"], ["1", "2"]], "no final line break")
    }

    @Test func csvRefusesWhatItCannotReadUnambiguously() {
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a,b\n1,2,3\n") }
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a\n\"open\n") }
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a\nx\"y\n") }
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a\n\"x\"y\n") }
    }

    @Test func csvWritesWhatItReads() throws {
        let fields = ["plain", "comma, inside", "quote \" inside", "line\r\nbreak", "", "ünï"]
        #expect(try CSV.parse(CSV.line(["1", "2", "3", "4", "5", "6"]) + CSV.line(fields))[1] == fields)
    }

    func sample() -> TransferredUser {
        TransferredUser(
            username: "ann", sub: "6a1f1b1e-0000-4000-8000-000000000001", status: "CONFIRMED", enabled: false,
            createdAt: Date(timeIntervalSince1970: 1_800_000_000.125), lastModifiedAt: Date(timeIntervalSince1970: 1_800_000_100.5),
            attributes: ["email": "ann@example.com", "given_name": "Ann, \"A\"", "custom:team": "blue\nred"], groups: ["admins", "staff"],
            password: .init(hash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA", srp: .init(poolName: "AbC", salt: "00ff", verifier: "abcd")),
            mfa: .init(enabled: ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"], preferred: "EMAIL_OTP", totpSecret: "JBSWY3DPEHPK3PXP", totpDeviceName: nil)
        )
    }

    @Test func aUserSurvivesJSONLinesAndCSV() throws {
        let user = sample()
        let line = try user.jsonLine()
        #expect(!line.contains("\n"))
        #expect(line.contains(#""createdAt":"2027-01-15T08:00:00.125Z""#))
        #expect(try TransferredUser.fromJSONLine(line) == user)

        let header = TransferredUser.csvHeader(attributeNames: ["email", "given_name", "custom:team", "family_name"], withPasswords: true)
        let parsed = try CSV.parse(CSV.line(header) + CSV.line(user.csvRow(header: header)))
        #expect(try TransferredUser(csvRow: parsed[1], header: parsed[0]) == user)

        var withoutPassword = user
        withoutPassword.password = nil
        withoutPassword.mfa?.totpSecret = nil  // secrets travel only with the password columns
        let plain = TransferredUser.csvHeader(attributeNames: ["email", "given_name", "custom:team"], withPasswords: false)
        #expect(!plain.contains("cognate:password_hash"))
        #expect(try TransferredUser(csvRow: withoutPassword.csvRow(header: plain), header: plain) == withoutPassword)
    }

    @Test func readerReportsBadLinesAndKeepsGoodOnes() throws {
        var reader = TransferredUserReader(format: .jsonl)
        let good = try sample().jsonLine()
        let text = good + "\n{not json\n\n" + good
        var batch = try reader.feed(Array(text.utf8))
        let last = try reader.finish()
        batch.users += last.users
        batch.refusals += last.refusals
        #expect(batch.users.map(\.position) == [1, 4])
        #expect(batch.refusals.map(\.position) == [2])
    }

    static let foreignHashes = [
        "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0MTIzNA$gw6Hl33VKLhAfZJU7BjmtQlfzz3IvXFr10WQBB9rnoE",
        "$pbkdf2$1000$c2FsdHNhbHRzYWx0MTIzNA$46FVaOed3etJn5nMzlPKPLM73dQ",
        "$pbkdf2-sha512$1000$c2FsdHNhbHRzYWx0MTIzNA$.QxW5ZftAry0BJeD35wbKjlIoUCPxPqAnQzFavRb6HG4FH0twaMOHg9uBKpEt1XXQf/JVGv0fneuiUYcp9oUoA",
        "pbkdf2_sha256$1200$djangosalt$qKLQzBMCo0+a3ig0unK04Oug8HwlLMJgoZVdjOrwMFg=",
        "scrypt$scryptsalt$1024$8$1$KYQLxvnPxgsurwlAiupaeuGR4qG8fcT2OoStc8/4d1diUlgXy1S+N3uOK7Vx9XAooGhz9K7Ci9Y3JuQ8idsiIg==",
        "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0MTIzNA$F8L1GH20O6EzS/AZ27.iybWxRe43wcFIbhgDC4cYBGI",
        "$2b$04$eaaCbYXUnAK1Ofz6kjkOlO1dL0vMzxjOpsZrrTKIwW.9QOvxDJL.a",
    ]

    @Test(arguments: foreignHashes)
    func foreignHashesVerifyTheRightPasswordOnly(_ text: String) throws {
        let hash = try #require(ImportedPasswordHash(text), "\(text) not recognised")
        #expect(ImportedPasswordHash.isAccepted(text))
        #expect(hash.verify(Array("Correct-Horse-7".utf8)))
        #expect(!hash.verify(Array("Correct-Horse-8".utf8)))
    }

    @Test func foreignHashesWithAbsurdWorkOrBadEncodingAreRefused() {
        for text in [
            "$pbkdf2-sha256$99999999$c2FsdHNhbHRzYWx0MTIzNA$gw6Hl33VKLhAfZJU7BjmtQlfzz3IvXFr10WQBB9rnoE",
            "$pbkdf2-sha256$0$c2FsdHNhbHRzYWx0MTIzNA$gw6Hl33VKLhAfZJU7BjmtQlfzz3IvXFr10WQBB9rnoE",
            "$pbkdf2-md5$1000$c2FsdA$gw6Hl33VKLhAfZJU7BjmtQlfzz3IvXFr10WQBB9rnoE",
            "$scrypt$ln=30,r=8,p=1$c2FsdA$F8L1GH20O6EzS/AZ27.iybWxRe43wcFIbhgDC4cYBGI",
            "scrypt$salt$1000$8$1$KYQLxvnPxgsurwlAiupaeuGR4qG8fcT2OoStc8/4d1c=",
            "$2b$20$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
            "md5$abc$def", "", "$argon2id$nonsense",
        ] {
            #expect(!ImportedPasswordHash.isAccepted(text), "\(text)")
        }
    }
}
