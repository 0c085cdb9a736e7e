import CognateCore
import Testing

@Suite struct RandomUUIDTests {
    @Test func isAVersion4UUIDInLowercase() {
        let pattern = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/
        for _ in 0..<200 {
            let uuid = RandomUUID.string()
            #expect(uuid.wholeMatch(of: pattern) != nil, "\(uuid)")
        }
    }

    @Test func doesNotRepeat() {
        let drawn = Set((0..<10_000).map { _ in RandomUUID.string() })
        #expect(drawn.count == 10_000)
    }

    @Test func systemRandomBytesHaveTheLengthAskedFor() {
        let source = SystemRandomSource()
        for count in [0, 1, 7, 8, 9, 48, 100, 255, 256, 257, 600] {
            #expect(source.bytes(count).count == count)
        }
        // Drawn 256 bytes per system call: every position varies, across the seams too.
        let draws = (0..<64).map { _ in source.bytes(600) }
        for position in 0..<600 {
            #expect(Set(draws.map { $0[position] }).count > 1, "position \(position)")
        }
    }
}
