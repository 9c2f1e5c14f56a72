/// What is wrong with a settings file of the template store (`locales/<tag>.json`,
/// `<name>/template.json`), said for the template's author.
struct SettingsProblem: Error, Sendable, Equatable, CustomStringConvertible {
    var problem: String

    init(_ problem: String) {
        self.problem = problem
    }

    var description: String { problem }
}
