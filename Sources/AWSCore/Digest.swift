import ByteEncoding
import CCurl

/// SHA-256 and HMAC-SHA256 from OpenSSL's libcrypto, which libcurl has loaded already.
///
/// Both read borrowed bytes and write into a fresh 32-byte array; the input is never copied.
public enum Digest {
    public static let byteCount = 32

    /// The SHA-256 hash of `bytes`.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: byteCount) { output, initialized in
            var length: UInt32 = 0
            // EVP_Digest fails only when memory runs out or the digest cannot be fetched; an
            // all-zero hash then makes the request fail verification instead of crashing the process.
            if EVP_Digest(bytes.baseAddress, bytes.count, output.baseAddress, &length, EVP_sha256(), nil) != 1 {
                output.initialize(repeating: 0)
                length = UInt32(byteCount)
            }
            initialized = Int(length)
        }
    }

    /// The SHA-256 hash of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { sha256($0) }
    }

    /// The SHA-256 hash of the UTF-8 encoding of `text`.
    public static func sha256(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { sha256(UnsafeRawBufferPointer($0)) }
    }

    /// HMAC-SHA256 of `message` under `key`.
    public static func hmacSHA256(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: byteCount) { output, initialized in
            var length: UInt32 = 0
            let messageBytes = message.baseAddress?.assumingMemoryBound(to: UInt8.self)
            // As for EVP_Digest, only an allocation failure makes HMAC fail.
            if HMAC(EVP_sha256(), key.baseAddress, Int32(key.count), messageBytes, message.count, output.baseAddress, &length) == nil {
                output.initialize(repeating: 0)
                length = UInt32(byteCount)
            }
            initialized = Int(length)
        }
    }

    /// HMAC-SHA256 of the UTF-8 encoding of `message` under `key`.
    public static func hmacSHA256(key: [UInt8], message: String) -> [UInt8] {
        var message = message
        return key.withUnsafeBytes { key in
            message.withUTF8 { hmacSHA256(key: key, message: UnsafeRawBufferPointer($0)) }
        }
    }
}

extension Array<UInt8> {
    /// The bytes as lowercase hexadecimal, two digits each, as SigV4 writes hashes and signatures.
    public var lowercaseHex: String { Hex.lowercase(self) }
}
