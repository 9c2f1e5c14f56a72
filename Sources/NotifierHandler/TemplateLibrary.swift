import EmailKit
import JSON
import Mustache

/// Renders named e-mail templates: `<name>/subject.mustache`, `<name>/html.mustache` and, when
/// there is one, `<name>/text.mustache`, with partials from `partials/<partial>.mustache`.
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

    /// The subject, HTML and text of template `name` rendered with `data`.
    func render(_ name: String, data: JSONValue, deadline: ContinuousClock.Instant) throws(TemplateError) -> RenderedTemplate {
        guard Self.isValidName(name) else { throw .invalidName(name) }
        guard let subject = try template("\(name)/subject.mustache", deadline: deadline),
              let html = try template("\(name)/html.mustache", deadline: deadline)
        else {
            throw .notFound(name, location: source.location)
        }
        let text = try template("\(name)/text.mustache", deadline: deadline)
        let partials = LoadedPartials(library: self, deadline: deadline)

        func render(_ template: MustacheTemplate, file: String, options: MustacheRenderOptions) throws(TemplateError) -> String {
            do {
                return try template.render(data, partials: partials, options: options)
            } catch {
                if let failure = partials.failure { throw failure }
                throw .rendering(file: file, error)
            }
        }
        // Only the HTML is escaped: the subject and text part are plain text.
        let renderedSubject = try render(subject, file: "\(name)/subject.mustache", options: .strictPlainText)
        let renderedHTML = try render(html, file: "\(name)/html.mustache", options: .strict)
        let renderedText = try text.map { (text) throws(TemplateError) in try render(text, file: "\(name)/text.mustache", options: .strictPlainText) }
            ?? PlainText.fromHTML(renderedHTML)
        return RenderedTemplate(
            // A subject template ends with the file's newline; a subject is one line.
            subject: renderedSubject.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespace(),
            html: renderedHTML,
            text: renderedText)
    }

    /// The parsed template at `path`, or `nil` when the source has no such file.
    fileprivate func template(_ path: String, deadline: ContinuousClock.Instant) throws(TemplateError) -> MustacheTemplate? {
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

/// Partials looked up while rendering; a partial that cannot be read or parsed is remembered so
/// that it is reported as such rather than as a missing partial.
private final class LoadedPartials: MustachePartials {
    let library: TemplateLibrary
    let deadline: ContinuousClock.Instant
    var failure: TemplateError?

    init(library: TemplateLibrary, deadline: ContinuousClock.Instant) {
        self.library = library
        self.deadline = deadline
    }

    func partial(named name: String) -> MustacheTemplate? {
        guard TemplateLibrary.isValidName(name) else { return nil }
        do {
            return try library.template("partials/\(name).mustache", deadline: deadline)
        } catch {
            failure = error
            return nil
        }
    }
}

/// A template rendered for one message.
struct RenderedTemplate: Sendable, Equatable {
    var subject: String
    var html: String
    var text: String
}

/// Why a template could not be rendered for a message.
enum TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case notFound(String, location: String)
    /// The template does not parse, or the data lacks a variable it uses, or a partial is missing.
    case rendering(file: String, MustacheError)
    /// The template store could not be read; a later attempt may succeed.
    case unavailable(TemplateSourceError)

    var description: String {
        switch self {
        case .invalidName(let name):
            "'\(name)' is not a template name (lowercase letters, digits, '-' and '_')"
        case .notFound(let name, let location):
            "no template named '\(name)' in \(location) (it needs \(name)/subject.mustache and \(name)/html.mustache)"
        case .rendering(let file, let error):
            "\(file): \(error)"
        case .unavailable(let error):
            error.description
        }
    }
}
