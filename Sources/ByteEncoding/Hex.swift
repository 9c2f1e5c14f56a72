/// Hexadecimal digits, the one table behind every `%XX`, `=XX`, `\u00XX` and hash the project writes.
public enum Hex {
    private static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let uppercaseDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The digit for the low four bits of `nibble`.
    @inline(__always)
    public static func digit(_ nibble: UInt8, uppercase: Bool) -> UInt8 {
        let value = Int(nibble & 0x0F)
        return uppercase ? uppercaseDigits[value] : lowercaseDigits[value]
    }

    /// Appends the two digits of `byte`, high nibble first.
    @inline(__always)
    public static func append(_ byte: UInt8, uppercase: Bool, to output: inout [UInt8]) {
        output.append(digit(byte >> 4, uppercase: uppercase))
        output.append(digit(byte, uppercase: uppercase))
    }

    /// `bytes` as lowercase hexadecimal, two digits each, as SigV4 writes hashes and signatures.
    public static func lowercase(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            var written = 0
            for byte in bytes {
                output[written] = digit(byte >> 4, uppercase: false)
                output[written + 1] = digit(byte, uppercase: false)
                written += 2
            }
            return written
        }
    }
}
