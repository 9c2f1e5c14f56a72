import JSON

/// Where a problem is in the producer's JSON, in two forms: as the producer is shown it
/// (`headers.X-Order-Id`, long names shortened) and as it is logged, with every name the producer
/// chose replaced by a placeholder (`headers.<name>`), so that a log line never carries, say, an
/// address a producer used as a key.
struct FieldPath: Sendable, Equatable, CustomStringConvertible {
    /// The path shown in answers: `Records[2].body.to[0]`.
    private(set) var shown: String
    /// The path written to logs: producer-chosen names replaced by placeholders.
    private(set) var logged: String

    /// The notification itself, before any field.
    static let root = FieldPath(shown: "", logged: "")

    /// The whole of something that has no field name of its own, such as `(body)` or `(message)`.
    static func whole(_ name: String) -> FieldPath {
        FieldPath(shown: name, logged: name)
    }

    var isRoot: Bool { shown.isEmpty }

    var description: String { shown }

    /// The field `name`, a name the notification format defines (`to`, `attachments`, `body`).
    func field(_ name: String) -> FieldPath {
        FieldPath(shown: Self.join(shown, name), logged: Self.join(logged, name))
    }

    /// The member `name` of an object whose names the producer chooses (`headers`, `tags`, unknown
    /// fields): shown shortened, logged as `placeholder`.
    func key(_ name: String, placeholder: String = "<name>") -> FieldPath {
        FieldPath(shown: Self.join(shown, JSONPathComponent.text(of: [.member(name)])), logged: Self.join(logged, placeholder))
    }

    func index(_ index: Int) -> FieldPath {
        FieldPath(shown: shown + "[\(index)]", logged: logged + "[\(index)]")
    }

    /// This path followed by a path into the JSON below it; names that are fields of the
    /// notification format are logged as they are, any other name as `<name>`.
    func appending(_ components: [JSONPathComponent]) -> FieldPath {
        components.reduce(self) { path, component in
            switch component {
            case .member(let name): NotificationParser.isFormatName(name) ? path.field(name) : path.key(name)
            case .index(let index): path.index(index)
            }
        }
    }

    /// The path naming this whole value: itself, or `whole` at the root (`(body)`, `(message)`).
    func orWhole(_ whole: String) -> FieldPath {
        isRoot ? .whole(whole) : self
    }

    private static func join(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : path + "." + name
    }
}
