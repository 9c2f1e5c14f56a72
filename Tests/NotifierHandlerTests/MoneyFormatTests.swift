import Foundation
import JSON
import Testing
import TestSupport
@testable import NotifierHandler

/// `{{#money}}` against CLDR as Babel (PyPI) carries it: the shipped locale files give the same
/// separators, symbol and pattern as Babel, and format amounts exactly as `format_currency` does.
@Suite struct MoneyFormatTests {
    struct Oracle: Decodable {
        var decimal: String
        var group: String
        var symbol: String
        var pattern: String
        var formatted: [String: String]
    }

    static let amounts = ["1234.56", "-1234.56", "0", "0.005", "0.015", "2.345", "1234567.125", "999.995", "7", ".5", "-0.001", "100000"]
    /// Shipped locale file → Babel's locale and the file's currency.
    static let locales = ["en-US": ("en_US", "USD"), "fr-FR": ("fr_FR", "EUR"), "de-CH": ("de_CH", "CHF"), "fr": ("fr_FR", "EUR")]

    static func shipped(_ tag: String) throws -> MoneyFormat {
        let url = Fixtures.packageRoot.appending(path: "templates/locales/\(tag).json")
        return try MoneyFormat(json: JSONParser.parse(Array(Data(contentsOf: url))))
    }

    static func oracle() throws -> [String: Oracle] {
        var babelLocales: [String: String] = [:]
        for (babel, currency) in locales.values { babelLocales[babel] = currency }
        let request = try JSONSerialization.data(withJSONObject: ["locales": babelLocales, "amounts": amounts])
        return try PythonOracle.decode([String: Oracle].self, from: "money_format.py", input: Array(request))
    }

    @Test func theShippedLocaleFilesFormatEveryAmountAsBabelDoes() throws {
        let oracle = try Self.oracle()
        for (tag, (babel, _)) in Self.locales {
            let format = try Self.shipped(tag)
            for amount in Self.amounts {
                #expect(format.format(amount) == oracle[babel]?.formatted[amount], "\(tag) \(amount)")
            }
        }
    }

    @Test func theShippedLocaleFilesHoldCLDRsSymbolsAndSeparators() throws {
        let oracle = try Self.oracle()
        for (tag, (babel, currency)) in Self.locales {
            let format = try Self.shipped(tag)
            #expect(format.decimalSeparator == oracle[babel]?.decimal, "\(tag)")
            #expect(format.groupSeparator == oracle[babel]?.group, "\(tag)")
            #expect(format.symbol == oracle[babel]?.symbol ?? currency, "\(tag)")
            #expect(format.currency == currency)
        }
    }

    @Test func frenchGroupsWithANarrowNoBreakSpaceAndPutsANoBreakSpaceBeforeTheSign() throws {
        #expect(try Self.shipped("fr-FR").format("1234.56") == "1\u{202F}234,56\u{00A0}€")
    }

    @Test func anIndianPatternGroupsByTwoAboveTheThousands() throws {
        let format = try MoneyFormat(json: ["currency": "INR", "symbol": "₹", "decimal": ".", "group": ",", "pattern": "¤#,##,##0.00"])
        #expect(format.format("12345678.9") == "₹1,23,45,678.90")
    }

    @Test(arguments: ["", "abc", "1e3", "1.2.3", "--1", "12,50", "0x10"])
    func textThatIsNotADecimalNumberIsRefused(_ amount: String) throws {
        #expect(try Self.shipped("en-US").format(amount) == nil)
    }

    @Test func aPatternWithoutANumberIsAProblemForTheTemplatesAuthor() {
        #expect(throws: SettingsProblem.self) {
            try MoneyFormat(json: ["currency": "EUR", "symbol": "€", "decimal": ",", "group": ".", "pattern": "¤"])
        }
    }
}
