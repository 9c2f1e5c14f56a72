import JSON

/// How a locale writes an amount of money, read from the template store's
/// `locales/<tag>.json`, so that no symbol, separator or rounding rule is written in code:
///
/// ```json
/// {"currency": "EUR", "symbol": "€", "decimal": ",", "group": "\u202f",
///  "pattern": "#,##0.00\u00a0¤", "negativePattern": "-#,##0.00\u00a0¤"}
/// ```
///
/// The patterns are CLDR's currency patterns: `¤` is the symbol; in `#,##0.00` the digits
/// after the last `,` give the group size (a second `,` the size of higher groups, `#,##,##0`),
/// the `0`s after `.` the fraction digits always written, and the `#`s after them further ones
/// written when not zero. Amounts are rounded half to even, as CLDR and Babel do. Without
/// `negativePattern`, a negative amount is `-` followed by the positive form. No ICU.
struct MoneyFormat: Sendable, Equatable {
    var currency: String
    var symbol: String
    var decimalSeparator: String
    var groupSeparator: String
    var positive: Pattern
    var negative: Pattern?

    struct Pattern: Sendable, Equatable {
        var prefix: String
        var suffix: String
        var primaryGroupSize: Int
        var secondaryGroupSize: Int
        var minimumFractionDigits: Int
        var maximumFractionDigits: Int
    }

    init(json: JSONValue) throws(SettingsProblem) {
        func string(_ key: String) throws(SettingsProblem) -> String {
            guard let value = json[key]?.stringValue else { throw SettingsProblem("`\(key)` must be a string") }
            return value
        }
        currency = try string("currency")
        symbol = try string("symbol")
        decimalSeparator = try string("decimal")
        groupSeparator = try string("group")
        positive = try Self.pattern(try string("pattern"))
        negative = try json["negativePattern"] == nil ? nil : Self.pattern(try string("negativePattern"))
    }

    /// `amount` (a JSON number or a decimal string such as `1234.5`, `-0.125`; surrounding
    /// whitespace allowed) written in this locale's form; nil when it is not such a number.
    func format(_ amount: String) -> String? {
        guard var decimal = PlainDecimal(amount.trimmingWhitespace()) else { return nil }
        let pattern = decimal.isNegative ? (negative ?? positive) : positive
        decimal.round(toFractionDigits: pattern.maximumFractionDigits)
        var fraction = decimal.fraction
        while fraction.count > pattern.minimumFractionDigits, fraction.last == "0" { fraction.removeLast() }
        while fraction.count < pattern.minimumFractionDigits { fraction.append("0") }
        let isNegative = decimal.isNegative && !(decimal.integer.allSatisfy { $0 == "0" } && fraction.allSatisfy { $0 == "0" })
        var number = grouped(decimal.integer, pattern)
        if !fraction.isEmpty { number += decimalSeparator + String(fraction) }
        let body = pattern.prefix + number + pattern.suffix
        let signed = isNegative && negative == nil ? "-" + body : body
        return signed.replacing("¤", with: symbol)
    }

    private func grouped(_ integer: [Character], _ pattern: Pattern) -> String {
        guard pattern.primaryGroupSize > 0, integer.count > pattern.primaryGroupSize else { return String(integer) }
        var groups: [String] = [String(integer.suffix(pattern.primaryGroupSize))]
        var rest = integer.dropLast(pattern.primaryGroupSize)
        let size = pattern.secondaryGroupSize
        while !rest.isEmpty {
            groups.append(String(rest.suffix(size)))
            rest = rest.dropLast(size)
        }
        return groups.reversed().joined(separator: groupSeparator)
    }

    /// Splits `¤#,##0.00` into its literal prefix and suffix and the number's shape.
    private static func pattern(_ text: String) throws(SettingsProblem) -> Pattern {
        let numberCharacters: Set<Character> = ["#", "0", ",", "."]
        guard let start = text.firstIndex(where: { numberCharacters.contains($0) }),
              let end = text.lastIndex(where: { numberCharacters.contains($0) })
        else { throw SettingsProblem("pattern `\(text)` has no number (`#,##0.00`)") }
        let number = text[start...end]
        guard number.allSatisfy({ numberCharacters.contains($0) }), number.contains("0") else {
            throw SettingsProblem("pattern `\(text)`: the number `\(number)` must be `#`, `0`, `,` and `.` only")
        }
        let halves = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerGroups = halves[0].split(separator: ",", omittingEmptySubsequences: false)
        let fraction = halves.count > 1 ? halves[1] : ""
        guard !fraction.contains(","), !fraction.contains(".") else { throw SettingsProblem("pattern `\(text)`: malformed fraction") }
        let primary = integerGroups.count > 1 ? integerGroups[integerGroups.count - 1].count : 0
        let secondary = integerGroups.count > 2 ? integerGroups[integerGroups.count - 2].count : primary
        guard integerGroups.count == 1 || (primary > 0 && secondary > 0) else {
            throw SettingsProblem("pattern `\(text)`: empty digit group")
        }
        return Pattern(
            prefix: String(text[..<start]), suffix: String(text[text.index(after: end)...]),
            primaryGroupSize: primary, secondaryGroupSize: secondary,
            minimumFractionDigits: fraction.prefix(while: { $0 == "0" }).count, maximumFractionDigits: fraction.count)
    }
}

/// A decimal number as its digits, so that no binary floating point ever rounds money.
private struct PlainDecimal {
    var isNegative: Bool
    var integer: [Character]
    var fraction: [Character]

    /// `-12.340`, `7`, `.5`; nil for anything else (exponents, signs in the middle, empty).
    init?(_ text: String) {
        var rest = Substring(text)
        isNegative = rest.first == "-"
        if isNegative || rest.first == "+" { rest = rest.dropFirst() }
        let halves = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = halves[0]
        let fraction = halves.count > 1 ? halves[1] : ""
        guard !(integer.isEmpty && fraction.isEmpty), integer.count + fraction.count <= 64,
              (integer + fraction).allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        let significant = integer.drop(while: { $0 == "0" })
        self.integer = significant.isEmpty ? ["0"] : Array(significant)
        self.fraction = Array(fraction)
    }

    /// Rounds half to even to at most `digits` fraction digits.
    mutating func round(toFractionDigits digits: Int) {
        guard fraction.count > digits else { return }
        let dropped = fraction[digits...]
        let first = dropped.first ?? "0"
        let restIsZero = dropped.dropFirst().allSatisfy { $0 == "0" }
        fraction = Array(fraction.prefix(digits))
        let lastKept = fraction.last ?? integer.last ?? "0"
        let lastIsOdd = (lastKept.wholeNumberValue ?? 0) % 2 == 1
        let roundsUp = first > "5" || (first == "5" && (!restIsZero || lastIsOdd))
        guard roundsUp else { return }
        var digitsAll = integer + fraction
        var index = digitsAll.count - 1
        while index >= 0 {
            if digitsAll[index] == "9" {
                digitsAll[index] = "0"
                index -= 1
            } else {
                digitsAll[index] = Character(String((digitsAll[index].wholeNumberValue ?? 0) + 1))
                break
            }
        }
        if index < 0 { digitsAll.insert("1", at: 0) }
        integer = Array(digitsAll.prefix(digitsAll.count - fraction.count))
        fraction = Array(digitsAll.suffix(fraction.count))
    }
}
