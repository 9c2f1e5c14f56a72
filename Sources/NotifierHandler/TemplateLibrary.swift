import EmailKit
import JSON
import Mustache

/// Renders named e-mail templates: `<name>/subject.mustache`, `<name>/html.mustache` and, when
/// there is one, `<name>/text.mustache`, with partials from `partials/<partial>.mustache`
/// (rendering, locales and helpers: `TemplateRendering.swift`).
///
/// Variables are strict: a name the data does not have is an error naming it and its line, not
/// an empty string in a customer's e-mail. In the HTML template `{{name}}` is escaped for HTML;
/// the subject and text templates are plain text and not escaped. Without a
/// text template, the plain-text part is derived from the rendered HTML. Parsed templates are
/// kept for as long as their source text is unchanged, at most ``maximumParsed`` of them from
/// ``maximumParsedBytes`` of text in all.
///
/// A name that cannot name a template (``isValidName(_:)``) is refused before the source is
/// asked for anything.
final class TemplateLibrary {
    static let maximumParsed = 256
    static let maximumParsedBytes = 16 << 20

    let source: any TemplateSource
    private var parsed = BoundedCache<(text: String, template: MustacheTemplate)>(maximumCount: maximumParsed, maximumCost: maximumParsedBytes)

    /// How many parsed templates are kept, for tests of the bound.
    var parsedCount: Int { parsed.count }

    init(source: any TemplateSource) {
        self.source = source
    }

    /// The parsed template at `path`, or `nil` when the source has no such file.
    func template(_ path: String, deadline: ContinuousClock.Instant) throws(TemplateError) -> MustacheTemplate? {
        let text: String?
        do {
            text = try source.file(at: path, deadline: deadline)
        } catch {
            throw .unavailable(error)
        }
        guard let text else { return nil }
        if let known = parsed[path], known.text == text { return known.template }
        do {
            let template = try MustacheTemplate(text)
            parsed.store((text, template), for: path, cost: text.utf8.count)
            return template
        } catch {
            throw .rendering(file: path, error)
        }
    }

    /// Template and partial names: lowercase letters, digits, `-` and `_`, so that a name can
    /// never reach outside the template folder or bucket prefix.
    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        } && name.utf8.first != UInt8(ascii: "-")
    }
}

/// A template rendered for one message.
struct RenderedTemplate: Sendable, Equatable {
    var subject: String
    var html: String
    var text: String
    /// The locale whose files were used (`fr`), nil for the template's default files.
    var locale: String? = nil
}

/// Why a template could not be rendered for a message.
enum TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case notFound(String)
    /// The template does not parse, a partial is missing, or a helper cannot format its input.
    case rendering(file: String, MustacheError)
    /// Every variable the data lacks, in every file of the template.
    case missingVariables([TemplateMissingVariable])
    /// A `locales/<tag>.json` or `<name>/template.json` file the template needs is not valid.
    case invalidSettings(file: String, problem: String)
    /// The template store could not be read; a later attempt may succeed.
    case unavailable(TemplateSourceError)

    var description: String {
        switch self {
        case .invalidName(let name):
            "'\(name)' is not a template name (lowercase letters, digits, '-' and '_')"
        case .notFound(let name):
            // Never the store's location: callers see this, and a server path is none of theirs.
            "no template named '\(name)' (it needs \(name)/subject.mustache and \(name)/html.mustache)"
        case .rendering(let file, let error):
            "\(file): \(error)"
        case .missingVariables(let missing):
            missing.map(\.description).joined(separator: "; ")
        case .invalidSettings(let file, let problem):
            "\(file): \(problem)"
        case .unavailable(let error):
            error.description
        }
    }
}
