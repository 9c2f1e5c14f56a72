import Foundation
import AWSCore

/// Attachment contents for tests.
public enum TestBytes {
    /// Bytes that look random and are the same on every run (xorshift64*).
    public static func pseudoRandom(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                state ^= state >> 12
                state ^= state << 25
                state ^= state >> 27
                buffer[index] = UInt8(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 56)
            }
            initialized = count
        }
    }

    /// The SHA-256 of `bytes` in lowercase hex, as Python's `hexdigest()` prints it.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        Digest.sha256(bytes).map { String(format: "%02x", $0) }.joined()
    }
}
