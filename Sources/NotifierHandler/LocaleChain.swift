/// The locales to try for one message, most specific first: `fr-CA` → `fr`, then the default
/// (the template's own top-level files), which every chain ends with implicitly.
///
/// Tags are BCP 47 (`fr-CA`, `zh-Hant-TW`, `fr_CA` is read as `fr-CA`), normalised to the usual
/// case (`fr-CA`, `zh-Hant`). A tag that is not well formed is left out of the chain: a junk
/// `Accept-Language` (the HTTP client's, not the producer's) or data `locale` gives the default
/// language. A message's own `locale` field is checked with ``isWellFormed(_:)`` and refused when
/// it is not. Every tag in a chain is letters, digits and `-` only, so it is safe as a folder name.
struct LocaleChain: Sendable, Equatable {
    /// Most specific first, without the default.
    var tags: [String]

    static let empty = LocaleChain(tags: [])

    init(tags: [String]) {
        self.tags = tags
    }

    /// Whether `tag` is `alpha{2,8}(-alnum{1,8}){0,7}` (`_` read as `-`), the tags a chain is made of.
    static func isWellFormed(_ tag: String) -> Bool {
        normalisedSubtags(tag) != nil
    }

    /// `fr-CA` → `[fr-CA, fr]`; an invalid tag → empty.
    init(tag: String) {
        guard let subtags = Self.normalisedSubtags(tag) else {
            tags = []
            return
        }
        tags = (1...subtags.count).reversed().map { subtags.prefix($0).joined(separator: "-") }
    }

    /// The chain of each language an `Accept-Language` header lists, by falling quality (ties in
    /// the header's order), `*` and `q=0` left out: `fr-CA, en;q=0.8` → `[fr-CA, fr, en]`.
    init(acceptLanguage header: String) {
        var ranked: [(tag: String, quality: Int, position: Int)] = []
        for (position, item) in header.split(separator: ",").prefix(Self.maximumAcceptedLanguages).enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingWhitespace() }
            guard let tag = parts.first, tag != "*", !tag.isEmpty else { continue }
            var quality = 1000
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Self.thousandths(parameter.dropFirst(2)) ?? 0
            }
            if quality > 0 { ranked.append((tag, quality, position)) }
        }
        ranked.sort { $0.quality != $1.quality ? $0.quality > $1.quality : $0.position < $1.position }
        var tags: [String] = []
        for entry in ranked {
            for tag in LocaleChain(tag: entry.tag).tags where !tags.contains(tag) { tags.append(tag) }
        }
        self.tags = tags
    }

    /// This chain, then `other`'s tags not already in it.
    func followed(by other: LocaleChain) -> LocaleChain {
        LocaleChain(tags: tags + other.tags.filter { !tags.contains($0) })
    }

    /// A header lists a handful of languages; more is not a browser's doing.
    static let maximumAcceptedLanguages = 16

    /// Subtags with their conventional case, or nil when the tag is not `alpha{2,8}(-alnum{1,8})*`.
    private static func normalisedSubtags(_ tag: String) -> [String]? {
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        guard (1...8).contains(subtags.count),
              subtags.allSatisfy({ (1...8).contains($0.utf8.count) && $0.utf8.allSatisfy(Self.isASCIIAlphanumeric) }),
              let language = subtags.first, language.utf8.count >= 2, language.utf8.allSatisfy(Self.isASCIILetter)
        else { return nil }
        return subtags.enumerated().map { index, subtag in
            if index == 0 { return subtag.lowercased() }
            if subtag.utf8.count == 2, subtag.utf8.allSatisfy(Self.isASCIILetter) { return subtag.uppercased() }  // region
            if subtag.utf8.count == 4, subtag.utf8.allSatisfy(Self.isASCIILetter) {  // script
                return subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased()
            }
            return subtag.lowercased()
        }
    }

    /// `0.8` → 800; nil when not a quality value.
    private static func thousandths(_ text: Substring) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, whole == "0" || whole == "1" else { return nil }
        let fraction = parts.count > 1 ? parts[1] : ""
        guard fraction.utf8.count <= 3, fraction.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        let digits = (fraction + String(repeating: "0", count: 3 - fraction.utf8.count))
        let value = (whole == "1" ? 1000 : 0) + (Int(digits) ?? 0)
        return min(value, 1000)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte)
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (48...57).contains(byte)
    }
}
