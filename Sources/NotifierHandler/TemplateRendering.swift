import JSON
import Mustache

extension TemplateLibrary {
    /// Folders of the template store that are not templates.
    static let reservedFolders: Set<String> = ["partials", "locales"]

    /// The subject, HTML and text of template `name` rendered with `data`, in the first locale of
    /// `locales` the template has files for, else in its default files.
    ///
    /// A template's locale files sit in `<name>/<tag>/` (`order-received/fr/subject.mustache`):
    /// the first tag of the chain with a `subject.mustache` supplies every file of the message, so
    /// a French subject never comes with an English body. Partials are looked up the same way,
    /// file by file (`partials/fr/footer.mustache`, then `partials/footer.mustache`). Numbers in
    /// `{{#money}}…{{/money}}` are written as `locales/<tag>.json` says for the first tag of the
    /// chain that has one, else `locales/default.json` (``MoneyFormat``). An optional
    /// `preheader.mustache` (plain text) becomes the preview line mail clients show after the
    /// subject, hidden in the HTML body.
    ///
    /// Every missing variable of every file is reported at once
    /// (``TemplateError/missingVariables(_:)``), each with its file, line and column.
    func render(_ name: String, data: JSONValue, locales: LocaleChain = .empty, deadline: ContinuousClock.Instant) throws(TemplateError) -> RenderedTemplate {
        guard Self.isValidName(name), !Self.reservedFolders.contains(name) else { throw .invalidName(name) }
        var folder = name
        var locale: String?
        for tag in locales.tags where try template("\(name)/\(tag)/subject.mustache", deadline: deadline) != nil {
            folder = "\(name)/\(tag)"
            locale = tag
            break
        }
        guard let subject = try template("\(folder)/subject.mustache", deadline: deadline),
              let html = try template("\(folder)/html.mustache", deadline: deadline)
        else {
            throw .notFound(name)
        }
        let text = try template("\(folder)/text.mustache", deadline: deadline)
        let preheader = try template("\(folder)/preheader.mustache", deadline: deadline)
        let partials = LoadedPartials(library: self, locales: locales, deadline: deadline)
        let helpers = try moneyHelper(locales, deadline: deadline)
        var missing: [TemplateMissingVariable] = []

        /// The rendered text, or nil when variables are missing (collected in `missing`).
        func render(_ template: MustacheTemplate, file: String, options: MustacheRenderOptions) throws(TemplateError) -> String? {
            do {
                return try template.render(data, partials: partials, options: options, helpers: helpers)
            } catch {
                if let failure = partials.failure { throw failure }
                guard case .missingVariables(let variables) = error else { throw .rendering(file: file, error) }
                missing += variables.map { TemplateMissingVariable(file: file, variable: $0) }
                return nil
            }
        }
        // Only the HTML is escaped: the subject, preheader and text part are plain text.
        let renderedSubject = try render(subject, file: "\(folder)/subject.mustache", options: .strictPlainText)
        let renderedHTML = try render(html, file: "\(folder)/html.mustache", options: .strict)
        let renderedText = try text.map { (text) throws(TemplateError) in
            try render(text, file: "\(folder)/text.mustache", options: .strictPlainText)
        }
        let renderedPreheader = try preheader.map { (preheader) throws(TemplateError) in
            try render(preheader, file: "\(folder)/preheader.mustache", options: .strictPlainText)
        }
        guard missing.isEmpty, let renderedSubject, let renderedHTML else { throw .missingVariables(missing) }
        // The text part is derived before the preheader goes in: it is for the inbox list only.
        let derivedText = renderedText.flatMap { $0 } ?? PlainText.fromHTML(renderedHTML)
        let preheaderLine = renderedPreheader.flatMap { $0 }?.oneLine ?? ""
        return RenderedTemplate(
            subject: renderedSubject.oneLine,
            html: preheaderLine.isEmpty ? renderedHTML : Preheader.insert(preheaderLine, into: renderedHTML),
            text: derivedText,
            locale: locale)
    }

    /// `{{#money}}` as the first locale file of the chain (or `locales/default.json`) says; no
    /// helper when the store has no locale file at all.
    private func moneyHelper(_ locales: LocaleChain, deadline: ContinuousClock.Instant) throws(TemplateError) -> [String: MustacheHelper] {
        for tag in locales.tags + ["default"] {
            let file = "locales/\(tag).json"
            guard let settings = try settingsFile(file, deadline: deadline) else { continue }
            do {
                let format = try MoneyFormat(json: settings)
                return ["money": MustacheHelper { format.format($0) }]
            } catch {
                throw .invalidSettings(file: file, problem: error.description)
            }
        }
        return [:]
    }

    /// The JSON file at `path`, or nil when there is none.
    func settingsFile(_ path: String, deadline: ContinuousClock.Instant) throws(TemplateError) -> JSONValue? {
        let text: String?
        do {
            text = try source.file(at: path, deadline: deadline)
        } catch {
            throw .unavailable(error)
        }
        guard let text else { return nil }
        do {
            return try JSONParser.parse(Array(text.utf8))
        } catch {
            throw .invalidSettings(file: path, problem: error.description)
        }
    }
}

/// A variable a template uses and the data lacks.
struct TemplateMissingVariable: Sendable, Equatable, CustomStringConvertible {
    /// The template file, relative to the store: `order-received/html.mustache`.
    var file: String
    var variable: MustacheMissingVariable

    /// `order-received/html.mustache: missing variable \`total\` at line 40, column 95`.
    var description: String { "\(file): \(variable)" }
}

/// Partials looked up while rendering, in the message's locale first; a partial that cannot be
/// read or parsed is remembered so that it is reported as such rather than as a missing partial.
final class LoadedPartials: MustachePartials {
    let library: TemplateLibrary
    let locales: LocaleChain
    let deadline: ContinuousClock.Instant
    var failure: TemplateError?

    init(library: TemplateLibrary, locales: LocaleChain, deadline: ContinuousClock.Instant) {
        self.library = library
        self.locales = locales
        self.deadline = deadline
    }

    func partial(named name: String) -> MustacheTemplate? {
        guard TemplateLibrary.isValidName(name) else { return nil }
        do {
            for tag in locales.tags {
                if let localized = try library.template("partials/\(tag)/\(name).mustache", deadline: deadline) { return localized }
            }
            return try library.template("partials/\(name).mustache", deadline: deadline)
        } catch {
            failure = error
            return nil
        }
    }
}

extension String {
    /// The text on one line: line breaks become spaces, the ends are trimmed. A subject template
    /// ends with its file's newline; a subject is one line.
    var oneLine: String {
        split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespace()
    }
}
