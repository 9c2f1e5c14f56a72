import Foundation
import JSON
import Testing
@testable import NotifierHandler

/// Every template shipped in `templates/` renders its `sample.json` in each of its locales (and
/// its default files) with no missing variable: a variable added without sample data fails here.
@Suite struct TemplateSampleTests {
    static let root = Fixtures.packageRoot.appending(path: "templates")

    /// Template name → its locale folders (those with a `subject.mustache`).
    static func shippedTemplates() throws -> [(name: String, locales: [String])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
            .filter { !TemplateLibrary.reservedFolders.contains($0) && !$0.hasPrefix(".") }
        return try names.map { name in
            let folder = root.appending(path: name)
            let locales = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                .filter { FileManager.default.fileExists(atPath: folder.appending(path: "\($0)/subject.mustache").path) }
            return (name, locales)
        }
    }

    @Test func everyTemplateHasASampleAndAManifest() throws {
        let templates = try Self.shippedTemplates()
        #expect(templates.map(\.name) == ["approval-request", "order-received", "order-shipped", "welcome"])
        for (name, _) in templates {
            #expect(FileManager.default.fileExists(atPath: Self.root.appending(path: "\(name)/sample.json").path), "\(name)")
            #expect(FileManager.default.fileExists(atPath: Self.root.appending(path: "\(name)/template.json").path), "\(name)")
        }
    }

    @Test func everyTemplateRendersItsSampleInEveryLocaleWithoutAMissingVariable() throws {
        let library = TemplateLibrary(source: DirectoryTemplateSource(directory: Self.root.path))
        for (name, locales) in try Self.shippedTemplates() {
            let sample = try JSONParser.parse(Array(Data(contentsOf: Self.root.appending(path: "\(name)/sample.json"))))
            for locale in [nil] + locales.map(Optional.some) {
                do {
                    let rendered = try library.render(name, data: sample, locales: LocaleChain(tags: locale.map { [$0] } ?? []), deadline: .now + .seconds(10))
                    #expect(rendered.locale == locale)
                    #expect(!rendered.subject.isEmpty && !rendered.text.isEmpty)
                } catch {
                    Issue.record("\(name) in \(locale ?? "the default locale"): \(error)")
                }
            }
        }
    }

    @Test func theFrenchOrderMailsShip() throws {
        let templates = try Self.shippedTemplates()
        #expect(templates.first { $0.name == "order-received" }?.locales == ["fr"])
        #expect(templates.first { $0.name == "order-shipped" }?.locales == ["fr"])
    }
}
