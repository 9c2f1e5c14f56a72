import Testing
@testable import NotifierHandler

@Suite struct LocaleChainTests {
    @Test func aRegionalTagFallsBackToItsLanguage() {
        #expect(LocaleChain(tag: "fr-CA").tags == ["fr-CA", "fr"])
        #expect(LocaleChain(tag: "zh-hant-tw").tags == ["zh-Hant-TW", "zh-Hant", "zh"])
        #expect(LocaleChain(tag: "FR_ca").tags == ["fr-CA", "fr"])
    }

    @Test(arguments: ["", "f", "../fr", "fr/CA", "fr-", "1a", "fr-toolongsubtag"])
    func aTagThatIsNotWellFormedFallsBackToTheDefault(_ tag: String) {
        #expect(LocaleChain(tag: tag).tags.isEmpty)
    }

    @Test func acceptLanguageIsOrderedByQualityThenPosition() {
        #expect(LocaleChain(acceptLanguage: "en;q=0.5, fr-CA, de;q=0.8, *;q=0.1").tags == ["fr-CA", "fr", "de", "en"])
        #expect(LocaleChain(acceptLanguage: "de-CH, fr;q=0").tags == ["de-CH", "de"])
        #expect(LocaleChain(acceptLanguage: "garbage;;q=x").tags.isEmpty)
    }

    @Test func theMessagesLocaleComesBeforeAcceptLanguage() {
        #expect(LocaleChain(tag: "fr-CA").followed(by: LocaleChain(acceptLanguage: "fr, en")).tags == ["fr-CA", "fr", "en"])
    }
}
