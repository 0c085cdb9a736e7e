import CognateCore
import Foundation
import Testing

@testable import CognateServer

@Suite struct CredentialsFileTests {
    @Test func generatesAPrivateFileThatReadsBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let key = try CredentialsFile.generate(path, random: SystemRandomSource())
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try CredentialsFile.read(path) == [key.id: key.secret])
        #expect(throws: (any Error).self) { try CredentialsFile.generate(path, random: SystemRandomSource()) }
    }

    @Test func readsSeveralProfiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            [default]
            aws_access_key_id = A1
            aws_secret_access_key = s1
            # comment
            [ci]
            aws_secret_access_key=s2
            aws_access_key_id=A2
            """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CredentialsFile.read(path) == ["A1": "s1", "A2": "s2"])
    }
}
