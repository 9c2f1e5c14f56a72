/// Undoes the encodings `MIMEWriter` uses: quoted-printable and base64 bodies, base64 in
/// encoded-words. Strict: anything a correct encoder would not write is a ``MIMEReadError``.
enum TransferDecoding {
    /// RFC 2045 §6.7: `=` CRLF is a soft break, `=XX` one byte, CRLF a line break, the rest itself.
    static func quotedPrintable(_ body: ArraySlice<UInt8>) throws(MIMEReadError) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            guard byte == UInt8(ascii: "=") else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 2 < body.endIndex else { throw MIMEReadError("quoted-printable ends inside an escape") }
            if body[index + 1] == UInt8(ascii: "\r") && body[index + 2] == UInt8(ascii: "\n") {
                index += 3
                continue
            }
            guard let high = hexValue(body[index + 1]), let low = hexValue(body[index + 2]) else {
                throw MIMEReadError("quoted-printable '=' not followed by two hex digits")
            }
            decoded.append(high << 4 | low)
            index += 3
        }
        return decoded
    }

    /// Base64 body lines, each ending in CRLF.
    static func base64Lines(_ body: ArraySlice<UInt8>) throws(MIMEReadError) -> [UInt8] {
        try base64(body.filter { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") })
    }

    /// One run of padded base64 (RFC 4648 §4).
    static func base64(_ text: some Collection<UInt8>) throws(MIMEReadError) -> [UInt8] {
        let characters = Array(text)
        guard characters.count % 4 == 0 else { throw MIMEReadError("base64 of \(characters.count) characters, not a multiple of 4") }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(characters.count / 4 * 3)
        var group = 0
        while group < characters.count {
            var values: [UInt32] = []
            var padding = 0
            for offset in 0..<4 {
                let character = characters[group + offset]
                if character == UInt8(ascii: "=") {
                    guard group + 4 == characters.count, offset >= 2 else { throw MIMEReadError("base64 padding inside the text") }
                    padding += 1
                    values.append(0)
                } else {
                    guard padding == 0, let value = base64Value(character) else { throw MIMEReadError("not a base64 character: \(character)") }
                    values.append(value)
                }
            }
            let bits = values[0] << 18 | values[1] << 12 | values[2] << 6 | values[3]
            decoded.append(UInt8(bits >> 16))
            if padding < 2 { decoded.append(UInt8(bits >> 8 & 0xFF)) }
            if padding < 1 { decoded.append(UInt8(bits & 0xFF)) }
            group += 4
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func base64Value(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(byte - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
