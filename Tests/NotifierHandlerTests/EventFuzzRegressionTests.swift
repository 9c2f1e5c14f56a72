import EmailKit
import Testing
@testable import NotifierHandler

/// What the event fuzzer (`Fuzz/Events`) found: messages that passed validation and were then
/// refused by the MIME writer, so they failed at sending time without the field path validation
/// gives. Validation now uses the writer's own rules for media types, content IDs and header names.
@Suite struct EventFuzzRegressionTests {
    let reader = NotificationReader(
        validator: NotificationValidator(configuration: NotificationValidationTests.configuration),
        templates: TemplateLibrary(source: DirectoryTemplateSource(directory: Fixtures.packageRoot.appending(path: "templates").path)))

    func read(_ json: String) -> Result<PreparedEmail, ReadFailure> {
        reader.read(text: json.utf8, deadline: .now + .seconds(10))
    }

    func errorFields(_ json: String) -> [String] {
        guard case .failure(.invalid(let error)) = read(json) else { return [] }
        return error.errors.map(\.field)
    }

    static func attachment(contentType: String = "text/plain", contentID: String? = nil) -> String {
        let id = contentID.map { #", "contentId": "\#($0)""# } ?? ""
        return #"{"to": "ada@example.org", "subject": "s", "text": "t", "attachments": [{"filename": "a.txt", "contentType": "\#(contentType)", "content": "aGk="\#(id)}]}"#
    }

    /// The input as the fuzzer reduced it: a sample SQS body with a space after the media type.
    @Test func theFuzzersMessageIsRefusedByValidationNamingTheMediaType() {
        let found = #"{"to": "billing@example.net", "cc": ["Accounts <ac=counts@example.net>"], "subject": "Invoice 2026-117 \u2028 ]u20ac1 240,00", "text": "Please find invoice 20260117 attached.", "attachments": [{"filename": "invoiAce-2026-117.txt", "contentType": "text/plain ","content": "SW52b2ljZSAyMDI2LTExNwpUb3RhbDogRVVSIDEyNDAuMDAK"}], "idempotencyKey": "invoice-2026-117"}"#
        #expect(errorFields(found) == ["attachments[0].contentType"])
    }

    @Test(arguments: ["text/plain ", " text/plain", "text/plain; charset=utf-8", "multipart/mixed", "Message/RFC822", "a/" + String(repeating: "b", count: 128)])
    func mediaTypesTheWriterRefusesAreValidationErrors(contentType: String) {
        #expect(errorFields(Self.attachment(contentType: contentType)) == ["attachments[0].contentType"])
    }

    @Test(arguments: ["a,b", "logo;1", "a:b", "(logo)", "[logo]", String(repeating: "c", count: 251)])
    func contentIDsTheWriterRefusesAreValidationErrors(contentID: String) {
        #expect(errorFields(Self.attachment(contentID: contentID)) == ["attachments[0].contentId"])
    }

    @Test func headerNamesLongerThan76CharactersAreValidationErrors() {
        let name = "X-" + String(repeating: "X", count: 75)
        let json = #"{"to": "ada@example.org", "subject": "s", "text": "t", "headers": {"\#(name)": "v"}}"#
        // The path quotes a producer's name shortened.
        #expect(errorFields(json) == ["headers.\(name.prefix(64))…"])
    }

    @Test func theLongestValuesValidationAcceptsAreWritten() throws {
        let contentType = String(repeating: "a", count: 127) + "/" + String(repeating: "b", count: 127)
        let contentID = String(repeating: "c", count: 248) + "@x"
        let header = "X-" + String(repeating: "X", count: 74)
        let json = #"{"to": "ada@example.org", "subject": "s", "text": "t", "headers": {"\#(header)": "v"}, "#
            + #""attachments": [{"filename": "a.bin", "contentType": "\#(contentType)", "content": "aGk=", "contentId": "<\#(contentID)>"}]}"#
        let email = try read(json).get()
        let raw = String(decoding: try MIMEWriter().write(email.message), as: UTF8.self)
        #expect(raw.contains("Content-ID: <\(contentID)>"))
        #expect(raw.contains("\(header): v"))
    }
}
