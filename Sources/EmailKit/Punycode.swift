/// RFC 3492 Punycode, and the IDNA `xn--` form of a domain label built on it.
///
/// Only encoding is needed: addresses go out on the wire, they never come back in.
enum Punycode {
    // RFC 3492 §5 parameter values for Punycode.
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 128

    /// The Punycode encoding of `scalars` (RFC 3492 §6.3), with lowercase digits and no case annotations.
    ///
    /// Meant for domain labels: 64-bit arithmetic cannot overflow for any input
    /// shorter than billions of scalars, so no overflow checks are needed.
    static func encode(_ scalars: [Unicode.Scalar]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(scalars.count * 2)
        for scalar in scalars where scalar.isASCII {
            output.append(UInt8(scalar.value))
        }
        let basicCount = output.count
        if basicCount > 0 {
            output.append(UInt8(ascii: "-"))
        }

        var n = initialN
        var delta = 0
        var bias = initialBias
        var handled = basicCount
        while handled < scalars.count {
            // The smallest code point not yet handled; one exists because handled < count.
            var next = Int.max
            for scalar in scalars where Int(scalar.value) >= n {
                next = min(next, Int(scalar.value))
            }
            delta += (next - n) * (handled + 1)
            n = next
            for scalar in scalars {
                let value = Int(scalar.value)
                if value < n {
                    delta += 1
                } else if value == n {
                    appendVariableLengthInteger(delta, bias: bias, to: &output)
                    bias = adapt(delta: delta, pointCount: handled + 1, isFirst: handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The ASCII form of one domain label, IDNA style: an ASCII label is lowercased,
    /// any other label is lowercased and becomes `xn--` followed by its Punycode.
    static func asciiLabel(_ label: Substring) -> String {
        let lowercased = label.lowercased()
        if lowercased.utf8.allSatisfy({ $0 < 0x80 }) {
            return lowercased
        }
        return "xn--" + encode(Array(lowercased.unicodeScalars))
    }

    // MARK: - RFC 3492 §6.1 and §6.3 details

    private static func appendVariableLengthInteger(_ value: Int, bias: Int, to output: inout [UInt8]) {
        var q = value
        var k = base
        while true {
            let threshold = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
            if q < threshold {
                break
            }
            output.append(digit(threshold + (q - threshold) % (base - threshold)))
            q = (q - threshold) / (base - threshold)
            k += base
        }
        output.append(digit(q))
    }

    private static func adapt(delta: Int, pointCount: Int, isFirst: Bool) -> Int {
        var delta = isFirst ? delta / damp : delta / 2
        delta += delta / pointCount
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// 0–25 are `a`–`z`, 26–35 are `0`–`9`.
    private static func digit(_ value: Int) -> UInt8 {
        value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
    }
}
