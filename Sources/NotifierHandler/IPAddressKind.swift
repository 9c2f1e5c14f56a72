/// What an IP address is for, as far as the notifier's outgoing calls care: only `global`
/// addresses may be called, so that a webhook URL cannot reach the function's own network (the
/// instance metadata service, a VPC's private hosts, loopback).
enum IPAddressKind: String, Sendable, Equatable {
    case global
    case loopback
    /// RFC 1918, IPv6 unique local (fc00::/7), shared address space (100.64.0.0/10) and the
    /// deprecated site-local fec0::/10.
    case `private`
    /// 169.254.0.0/16 and fe80::/10: where the instance metadata service lives.
    case linkLocal = "link-local"
    /// 0.0.0.0/8, `::`, multicast, broadcast and the other ranges no public host uses.
    case reserved

    /// The kind of a 4-byte IPv4 address.
    static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> IPAddressKind {
        switch (a, b) {
        case (0, _): .reserved
        case (10, _): .private
        case (100, 64...127): .private
        case (127, _): .loopback
        case (169, 254): .linkLocal
        case (172, 16...31): .private
        case (192, 168): .private
        case (192, 0) where c == 0 || c == 2: .reserved
        case (198, 18...19): .reserved
        case (198, 51) where c == 100, (203, 0) where c == 113: .reserved
        case (224...255, _): .reserved
        default: .global
        }
    }

    /// The kind of a 16-byte IPv6 address; an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or
    /// NAT64 (64:ff9b::/96) address is judged by the IPv4 address it carries.
    static func ipv6(_ bytes: [UInt8]) -> IPAddressKind {
        guard bytes.count == 16 else { return .reserved }
        let firstTen = bytes[0..<10].allSatisfy { $0 == 0 }
        if firstTen, bytes[10] == 0xFF, bytes[11] == 0xFF {
            return ipv4(bytes[12], bytes[13], bytes[14], bytes[15])
        }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) {
            return bytes[15] == 1 ? .loopback : .reserved
        }
        if firstTen, bytes[10] == 0, bytes[11] == 0 {
            return ipv4(bytes[12], bytes[13], bytes[14], bytes[15])
        }
        if bytes[0] == 0x00, bytes[1] == 0x64, bytes[2] == 0xFF, bytes[3] == 0x9B, bytes[4..<12].allSatisfy({ $0 == 0 }) {
            return ipv4(bytes[12], bytes[13], bytes[14], bytes[15])
        }
        switch (bytes[0], bytes[1]) {
        case (0xFE, 0x80...0xBF): return .linkLocal
        case (0xFE, 0xC0...0xFF): return .private
        case (0xFC...0xFD, _): return .private
        case (0xFF, _): return .reserved
        case (0x20, 0x01) where bytes[2] == 0x0D && bytes[3] == 0xB8: return .reserved
        default: return .global
        }
    }
}
