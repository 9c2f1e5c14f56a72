import EmailKit
import JSON
import WallClock

/// The templates of a folder rendered from their own `sample.json`, as the function would send
/// them, for the preview server (`scripts/preview`). Every call reads the folder afresh, so an
/// edited file shows at once. Never used by the function itself.
public struct TemplatePreviewCatalog: Sendable {
    /// One template in one locale, as sent.
    public struct Sample: Sendable {
        public var subject: String
        public var html: String?
        public var text: String?
        /// The whole message as MIME, for a `.eml` download.
        public var eml: [UInt8]
    }

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The template folders, sorted.
    public func templateNames() -> [String] {
        let source = DirectoryTemplateSource(directory: directory)
        let folders = (try? source.folderNames(deadline: .now + .seconds(5))) ?? nil
        return (folders ?? []).filter { TemplateLibrary.isValidName($0) && !TemplateLibrary.reservedFolders.contains($0) }
    }

    /// The locales `name` has its own files for (folders with a `subject.mustache`), sorted.
    public func locales(of name: String) -> [String] {
        guard TemplateLibrary.isValidName(name) else { return [] }
        let source = DirectoryTemplateSource(directory: directory + "/" + name)
        let folders = (try? source.folderNames(deadline: .now + .seconds(5))) ?? nil
        return (folders ?? []).filter { LocaleChain(tag: $0).tags.first == $0 && LocalFile.exists("\(directory)/\(name)/\($0)/subject.mustache") }
    }

    /// Template `name` rendered from its `sample.json` in `locale` (nil: its default files), or
    /// every problem as the function would report it, one per line.
    public func render(_ name: String, locale: String?) -> Result<Sample, PreviewProblem> {
        let deadline = ContinuousClock.now + .seconds(10)
        let library = TemplateLibrary(source: DirectoryTemplateSource(directory: directory))
        guard let preview = try? EmailAddress(address: "preview@example.com", displayName: "Template preview") else {
            return .failure(PreviewProblem(description: "the preview address is not valid"))
        }
        let configuration = NotifierConfiguration(
            transport: .outbox(directory: "."), defaultFrom: preview,
            senderPolicy: SenderPolicy(addresses: [], domains: [preview.domain]))
        let reader = NotificationReader(validator: NotificationValidator(configuration: configuration), templates: library)
        let sample: JSONValue
        do {
            sample = try library.settingsFile("\(name)/sample.json", deadline: deadline) ?? .object(JSONObject())
        } catch {
            return .failure(PreviewProblem(description: error.description))
        }
        let locales = LocaleChain(tags: locale.map { [$0] } ?? [])
        let route = TemplateRoute(reader: reader)
        let read: Result<PreparedEmail, ReadFailure>
        if case .success(let manifest?) = route.manifest(name, deadline: deadline), manifest.declaresRecipient {
            switch route.read(template: name, body: sample.serialized(), preferredLocales: locales, deadline: deadline) {
            case .success(let email): read = .success(email)
            case .failure(.read(let failure)): read = .failure(failure)
            case .failure(.notFound(let message)): return .failure(PreviewProblem(description: message))
            }
        } else {
            let notification: JSONValue = ["to": .string(preview.address), "template": .string(name), "data": sample]
            read = reader.read(notification, preferredLocales: locales, deadline: deadline)
        }
        switch read {
        case .success(let email):
            let eml = (try? MIMEWriter().write(email.message, date: .now(), messageID: "preview@\(preview.domain)")) ?? []
            return .success(Sample(subject: email.message.subject, html: email.message.htmlBody, text: email.message.textBody, eml: eml))
        case .failure(.invalid(let error)):
            return .failure(PreviewProblem(description: error.errors.map(\.description).joined(separator: "\n")))
        case .failure(.unavailable(let failure)):
            return .failure(PreviewProblem(description: failure.description))
        }
    }
}

/// Why a template could not be previewed: what the function would have answered.
public struct PreviewProblem: Error, Sendable, CustomStringConvertible {
    public var description: String
}
