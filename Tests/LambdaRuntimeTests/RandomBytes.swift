import Foundation

/// `count` random bytes, so that a body that arrives shifted, truncated or repeated cannot match.
func randomBytes(count: Int) -> Data {
    var data = Data(count: count)
    var generator = SystemRandomNumberGenerator()
    data.withUnsafeMutableBytes { (bytes: UnsafeMutableRawBufferPointer) in
        for offset in stride(from: 0, to: count, by: 8) {
            withUnsafeBytes(of: generator.next() as UInt64) { random in
                for index in 0..<min(8, count - offset) {
                    bytes[offset + index] = random[index]
                }
            }
        }
    }
    return data
}
