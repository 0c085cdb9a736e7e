import CognateArgon2
import Testing

@Suite("Argon2id")
struct Argon2idTests {
    @Test("RFC 9106 §5.3 test vector")
    func rfcVector() {
        let tag = Argon2id.hash(
            password: [UInt8](repeating: 0x01, count: 32),
            salt: [UInt8](repeating: 0x02, count: 16),
            memoryKiB: 32, iterations: 3, parallelism: 4, outputLength: 32,
            secret: [UInt8](repeating: 0x03, count: 8),
            associatedData: [UInt8](repeating: 0x04, count: 12)
        )
        #expect(hex(tag) == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659")
    }

    // The expected tags below come from the reference C implementation (argon2-cffi).

    @Test("One lane, more than one address block per segment")
    func oneLane() {
        let tag = Argon2id.hash(
            password: bytes("password"), salt: bytes("somesalt"),
            memoryKiB: 64, iterations: 2, parallelism: 1, outputLength: 32
        )
        #expect(hex(tag) == "16a1a498734609dd01456da406de9f3d9da93e6c86c300a12fc1465214ce4922")
    }

    @Test("Smallest settings: empty password, 8 KiB, one pass, 4-byte tag")
    func smallest() {
        let tag = Argon2id.hash(
            password: [], salt: bytes("saltsalt"),
            memoryKiB: 8, iterations: 1, parallelism: 1, outputLength: 4
        )
        #expect(hex(tag) == "477bbdbc")
    }

    /// The one test at full size: a few seconds in a debug build, where SIMD code is unoptimised.
    @Test("Default settings (19 MiB, t=2, p=1)")
    func defaults() {
        let tag = Argon2id.hash(
            password: bytes("password"), salt: bytes("somesalt"),
            memoryKiB: 19456, iterations: 2, parallelism: 1, outputLength: 32
        )
        #expect(hex(tag) == "3cbd356a63f2794bb11bb1f4bc8af95fea87919bd69c79860465c562f87ccf61")
    }
}
