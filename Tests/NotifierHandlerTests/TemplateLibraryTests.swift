import Foundation
import JSON
import Testing
@testable import NotifierHandler

/// The shipped order templates and the rules every template follows, rendered from a folder.
@Suite struct TemplateLibraryTests {
    static let order: JSONValue = [
        "id": 1042, "total": "189.70",
        "items": [
            ["name": "Tears of the Kingdom", "quantity": 1, "price_per_unit": "69.90"],
            ["name": "Pro Controller <wireless>", "quantity": 2, "price_per_unit": "59.90"],
        ],
        "order_customer": ["name": "Ada & Co", "email": "ada@example.org"],
    ]

    let packaged = TemplateLibrary(source: DirectoryTemplateSource(directory: Fixtures.packageRoot.appending(path: "templates").path))
    let deadline = ContinuousClock.now + .seconds(10)

    /// A library over a folder holding just `files`.
    func library(_ files: [String: String]) throws -> TemplateLibrary {
        let root = try Fixtures.temporaryDirectory()
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return TemplateLibrary(source: DirectoryTemplateSource(directory: root.path))
    }

    @Test func orderReceivedListsEveryItemWithItsQuantityAndPrice() throws {
        let rendered = try packaged.render("order-received", data: Self.order, deadline: deadline)
        #expect(rendered.subject == "Order #1042: thank you for your order!")
        #expect(rendered.html.contains("Tears of the Kingdom"))
        #expect(rendered.html.contains("$59.90"))
        #expect(rendered.html.contains("$189.70"))
        #expect(rendered.text.contains("- Pro Controller <wireless>: 2 x $59.90"))
    }

    @Test func htmlVariablesAreEscaped() throws {
        let rendered = try packaged.render("order-received", data: Self.order, deadline: deadline)
        #expect(rendered.html.contains("Hi Ada &amp; Co,"))
        #expect(rendered.html.contains("Pro Controller &lt;wireless&gt;"))
        #expect(!rendered.html.contains("<wireless>"))
    }

    @Test func withoutATextTemplateTheTextIsDerivedFromTheHTML() throws {
        let rendered = try packaged.render("order-shipped", data: Self.order, deadline: deadline)
        #expect(rendered.subject == "Order #1042 has been shipped")
        #expect(rendered.text.contains("your order #1042 is on its way!"))
        #expect(rendered.text.contains("- 2 × Pro Controller <wireless>"))
        #expect(!rendered.text.contains("<td"))
    }

    @Test func aMissingVariableIsAnErrorNamingItAndItsLine() throws {
        var order = Self.order.objectValue ?? JSONObject()
        order["total"] = nil
        #expect {
            try packaged.render("order-received", data: .object(order), deadline: deadline)
        } throws: { error in
            "\(error)".contains("missing variable `total`") && "\(error)".contains("line")
        }
    }

    @Test func aMissingTemplateIsNamedWithoutTheServersPath() throws {
        #expect(throws: TemplateError.notFound("invoice")) {
            try packaged.render("invoice", data: [:], deadline: deadline)
        }
        #expect(!TemplateError.notFound("invoice").description.contains(Fixtures.packageRoot.path))
    }

    @Test(arguments: ["../secrets", "order-received/../x", "Order", "", "a b"])
    func namesCannotReachOutsideTheTemplateFolder(_ name: String) throws {
        #expect(throws: TemplateError.invalidName(name)) {
            try packaged.render(name, data: [:], deadline: deadline)
        }
    }

    @Test func aMalformedTemplateIsAnErrorNamingTheFile() throws {
        let templates = try library(["broken/subject.mustache": "Hi", "broken/html.mustache": "<p>{{#items}}{{name}}</p>"])
        #expect {
            try templates.render("broken", data: [:], deadline: deadline)
        } throws: { error in
            guard case .rendering(let file, _) = error as? TemplateError else { return false }
            return file == "broken/html.mustache"
        }
    }

    @Test func aMalformedPartialIsReportedAsSuchNotAsMissing() throws {
        let templates = try library([
            "t/subject.mustache": "Hi", "t/html.mustache": "{{> bad}}", "partials/bad.mustache": "{{/oops}}",
        ])
        #expect {
            try templates.render("t", data: [:], deadline: deadline)
        } throws: { error in
            guard case .rendering(let file, _) = error as? TemplateError else { return false }
            return file == "partials/bad.mustache"
        }
    }

    @Test func aMultiLineSubjectTemplateBecomesOneLine() throws {
        let templates = try library(["t/subject.mustache": "Order\n{{id}}\n", "t/html.mustache": "<p>x</p>"])
        #expect(try templates.render("t", data: ["id": 7], deadline: deadline).subject == "Order 7")
    }
}
