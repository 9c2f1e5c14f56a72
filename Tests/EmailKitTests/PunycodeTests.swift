import Testing
@testable import EmailKit

@Suite struct PunycodeTests {
    /// The sample strings of RFC 3492 §7.1. The RFC prints (I) with an uppercase `D`
    /// as a case annotation; annotations are optional and this encoder writes none.
    static let rfc3492Samples: [(label: String, unicode: String, punycode: String)] = [
        ("A Arabic (Egyptian)", "ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
        ("B Chinese (simplified)", "他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
        ("C Chinese (traditional)", "他們爲什麽不說中文", "ihqwctvzc91f659drss3x8bo0yb"),
        ("D Czech", "Pročprostěnemluvíčesky", "Proprostnemluvesky-uyb24dma41a"),
        ("E Hebrew", "למההםפשוטלאמדבריםעברית", "4dbcagdahymbxekheh6e0a7fei0b"),
        ("F Hindi (Devanagari)", "यहलोगहिन्दीक्योंनहींबोलसकतेहैं", "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd"),
        ("G Japanese", "なぜみんな日本語を話してくれないのか", "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"),
        ("H Korean", "세계의모든사람들이한국어를이해한다면얼마나좋을까", "989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c"),
        ("I Russian (Cyrillic)", "почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"),
        ("J Spanish", "PorquénopuedensimplementehablarenEspañol", "PorqunopuedensimplementehablarenEspaol-fmd56a"),
        ("K Vietnamese", "TạisaohọkhôngthểchỉnóitiếngViệt", "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g"),
        ("L", "3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
        ("M", "安室奈美恵-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
        ("N", "Hello-Another-Way-それぞれの場所", "Hello-Another-Way--fc4qua05auwb3674vfr0b"),
        ("O", "ひとつ屋根の下2", "2-u9tlzr9756bt3uc0v"),
        ("P", "MajiでKoiする5秒前", "MajiKoi5-783gue6qz075azm5e"),
        ("Q", "パフィーdeルンバ", "de-jg4avhby1noc0d"),
        ("R", "そのスピードで", "d9juau41awczczp"),
        ("S", "-> $1.00 <-", "-> $1.00 <--"),
    ]

    @Test(arguments: rfc3492Samples)
    func encodesTheRFC3492SampleStrings(sample: (label: String, unicode: String, punycode: String)) {
        #expect(Punycode.encode(Array(sample.unicode.unicodeScalars)) == sample.punycode, "sample \(sample.label)")
    }

    @Test(arguments: [
        ("bücher.example", "xn--bcher-kva.example"),
        ("例え.テスト", "xn--r8jz45g.xn--zckzah"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("MÜNCHEN.DE", "xn--mnchen-3ya.de"),
        ("例え。テスト", "xn--r8jz45g.xn--zckzah"),
        ("example.com", "example.com"),
    ])
    func internationalDomainsBecomeLowercaseXNLabels(domain: String, ascii: String) throws {
        let address = try EmailAddress(address: "user@\(domain)")
        #expect(address.asciiDomain == ascii)
        #expect(address.asciiAddress == "user@\(ascii)")
    }

    @Test func asciiLabelIsOnlyLowercased() {
        #expect(Punycode.asciiLabel("Example") == "example")
    }
}
