import CCurl

/// Random bytes from OpenSSL's CSPRNG (seeded from the kernel), for nonces and ids.
public enum SecureRandom {
    /// `count` random bytes; `nil` if the generator could not be seeded.
    public static func bytes(_ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { return nil }
        return bytes
    }
}
