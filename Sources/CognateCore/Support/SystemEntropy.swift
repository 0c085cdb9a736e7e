#if canImport(Glibc)
import Glibc
#endif

/// The kernel's CSPRNG in one system call per 256 bytes: Swift's `SystemRandomNumberGenerator` makes a
/// getrandom(2) call per 8 bytes, and a token, a code or an identifier needs 16 to 64 of them.
enum SystemEntropy {
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
        var filled = 0
        while filled < buffer.count {
            // getentropy(3) is getrandom(2) without partial reads, at most 256 bytes per call.
            let chunk = min(256, buffer.count - filled)
            guard getentropy(buffer.baseAddress! + filled, chunk) == 0 else {
                // Only on a kernel without getrandom; the standard generator knows the fallbacks.
                var generator = SystemRandomNumberGenerator()
                for index in filled..<buffer.count { buffer[index] = generator.next() }
                return
            }
            filled += chunk
        }
        #else
        var generator = SystemRandomNumberGenerator()
        for index in buffer.indices { buffer[index] = generator.next() }
        #endif
    }
}
