import AWSCore
import EmailKit
import Foundation
import JSON
import LambdaRuntime
import Testing
import TestSupport
import WallClock
import S3
@testable import NotifierHandler

/// Templates as routes, end to end in-process with the outbox: `POST /notify/{template}` from a
/// template's `template.json`, signed `POST /hooks/{event}` (signatures made by Python's `hmac`),
/// locales and the text part of HTML-only mail. Every written message is parsed by Python's
/// `email` package.
@Suite struct TemplateRouteTests {
    static let secret = "whsec-user-signup-0123456789"
    let outbox: URL
    var handler: NotifierHandler

    init() throws {
        try self.init(templates: Fixtures.packageRoot.appending(path: "templates"))
    }

    init(templates: URL, secrets: [String: String] = ["user.signup": secret]) throws {
        try self.init(source: DirectoryTemplateSource(directory: templates.path), secrets: secrets)
    }

    init(source: any TemplateSource, secrets: [String: String] = ["user.signup": secret]) throws {
        outbox = try Fixtures.temporaryDirectory()
        let configuration = NotifierConfiguration(
            transport: .outbox(directory: outbox.path),
            defaultFrom: try EmailAddress(parsing: "notifier@example.com"),
            senderPolicy: SenderPolicy(addresses: [], domains: ["example.com"]),
            inboundWebhooks: InboundWebhookSignature(
                secrets: secrets.mapValues { Array($0.utf8) }, signatureHeader: "x-signature", idHeader: "webhook-id",
                scheme: .timestamped, toleranceSeconds: 300))
        handler = NotifierHandler(
            configuration: configuration, transport: try OutboxMailTransport(directory: outbox.path),
            templates: TemplateLibrary(source: source))
        handler.metrics.fileDescriptor = open("/dev/null", O_WRONLY)
    }

    /// A REST API request as API Gateway sends it for the resource `/notify/{template}` or `/hooks/{event}`.
    static func request(_ resource: String, _ parameters: [String: String], body: String, headers: [String: String] = [:]) -> JSONValue {
        let path = parameters.reduce(resource) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        return [
            "resource": .string(resource), "path": .string(path), "httpMethod": "POST",
            "pathParameters": .object(JSONObject(parameters.map { ($0.key, .string($0.value)) })),
            "headers": .object(JSONObject(headers.map { ($0.key, .string($0.value)) })), "requestContext": ["requestId": "r-9"],
            "body": .string(body), "isBase64Encoded": false,
        ]
    }

    mutating func post(_ request: JSONValue) throws -> (status: Int?, body: JSONValue) {
        let context = NotifierHandlerTests.context()
        defer { handler.afterResponse(context: context) }
        let response = try JSONParser.parse(handler.handle(request.serialized(), context: context))
        let status = if case .number(let text) = response["statusCode"] { Int(text) } else { Int?.none }
        return (status, try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8)))
    }

    func sentMessages() throws -> [ParsedMessage] {
        try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }.map { name in
            try ParsedMessage.parse(Array(Data(contentsOf: outbox.appending(path: name))))
        }
    }

    static func signature(_ body: String, timestamp: Int64, secret: String = secret) throws -> String {
        String(decoding: try PythonOracle.run("webhook_sign.py", arguments: [secret, "timestamped", String(timestamp)], input: Array(body.utf8)), as: UTF8.self)
    }

    static var now: Int64 { WallClockTime.now().secondsSince1970 }

    static let order = #"{"id": 7, "total": "1234.5", "items": [{"name": "Cable", "quantity": 5, "price_per_unit": "2.50"}], "order_customer": {"name": "Ada", "email": "ada@example.org"}}"#
    static let restHooksSignup = #"{"hook": {"target": "https://notifier.example/hooks/user.signup", "id": 1, "event": "user.signup"}, "data": {"username": "chetan", "when": "2016-08-27T10:53:29.301317", "email": "chetan@example.org"}}"#

    // MARK: /notify/{template}

    /// The customer's name goes to the validator as a name, apart from the address, and is never
    /// parsed: whatever it holds, the mail goes to the address, under that name as Python's
    /// `email` reads it back.
    @Test(arguments: [
        "Grace <b>Hopper</b>",
        #""Bob, \"the builder\"" ; <x@y>"#,
        "Grace <b>Hopper</b>, \"Amazing\"",
        "Zoë «Ünïcode» Ω ; x@y.example",
    ])
    mutating func aDisplayNameIsEncodedNeverParsedAsAnAddress(_ name: String) throws {
        let order: JSONValue = ["id": 7, "total": "1", "items": [], "order_customer": ["name": .string(name), "email": "grace@example.org"]]
        let response = try post(Self.request("/notify/{template}", ["template": "order-shipped"], body: String(decoding: order.serialized(), as: UTF8.self)))
        #expect(response.status == 202, "\(response.body)")
        #expect(try sentMessages().first?.to == [ParsedMessage.Address(name: name, address: "grace@example.org")])
    }

    @Test mutating func anInvalidCustomerAddressNamesTheFieldTheOrderServiceSent() throws {
        let order = #"{"id": 7, "total": "1", "items": [], "order_customer": {"name": "Ada\u0007", "email": "ada at example.org"}}"#
        let response = try post(Self.request("/notify/{template}", ["template": "order-shipped"], body: order))
        #expect(response.status == 400)
        #expect(response.body["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["order_customer.name", "order_customer.email"])
        #expect(try sentMessages().isEmpty)
    }

    @Test mutating func theOrderRouteSendsTheTemplateWithItsManifestsTagsAndMoney() throws {
        let response = try post(Self.request("/notify/{template}", ["template": "order-received"], body: Self.order))
        #expect(response.status == 202)
        let message = try #require(try sentMessages().first)
        #expect(message.to == [ParsedMessage.Address(name: "Ada", address: "ada@example.org")])
        #expect(message.text?.contains("Total: $1,234.50") == true)
        #expect(message.tree.contains("multipart/alternative"))
    }

    @Test mutating func anUnknownTemplateIsA404NamingTheAvailableOnes() throws {
        let response = try post(Self.request("/notify/{template}", ["template": "invoice-ready"], body: "{}"))
        #expect(response.status == 404)
        let message = try #require(response.body["error"]?["message"]?.stringValue)
        #expect(message.contains("available: order-received, order-shipped, welcome"))
        #expect(!message.contains(Fixtures.packageRoot.path))
    }

    @Test func aTemplateAddedToAFolderBecomesARouteWithoutCode() throws {
        let folder = try Fixtures.temporaryDirectory()
        let files = [
            "invoice-ready/template.json": #"{"to": {"name": "{{customer.name}}", "address": "{{customer.email}}"}, "required": ["customer.email", "invoice"], "replyTo": "billing@example.com"}"#,
            "invoice-ready/subject.mustache": "Invoice {{invoice}} is ready\n",
            "invoice-ready/html.mustache": "<p>Hello {{customer.name}}, invoice <b>{{invoice}}</b> is ready.</p>",
        ]
        for (path, text) in files {
            let url = folder.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        var routes = try TemplateRouteTests(templates: folder)
        let sent = try routes.post(Self.request("/notify/{template}", ["template": "invoice-ready"],
                                                body: #"{"invoice": "F-12", "customer": {"name": "Ada", "email": "ada@example.org"}}"#))
        #expect(sent.status == 202)
        let message = try #require(try routes.sentMessages().first)
        #expect(message.subject == "Invoice F-12 is ready")
        #expect(message.replyTo == [ParsedMessage.Address(name: "", address: "billing@example.com")])
        #expect(message.text?.contains("invoice F-12 is ready") == true)

        let missing = try routes.post(Self.request("/notify/{template}", ["template": "invoice-ready"], body: #"{"customer": {}}"#))
        #expect(missing.status == 400)
        // The required fields first, then every variable the templates miss.
        #expect(missing.body["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["customer.email", "invoice", "data", "data", "data"])
    }

    @Test mutating func everyMissingVariableIsReportedAtOnceWithFileLineAndColumn() throws {
        let response = try post(Self.request("/notify/{template}", ["template": "order-received"], body: #"{"id": 7, "items": [], "order_customer": {"email": "ada@example.org"}}"#))
        #expect(response.status == 400)
        let messages = response.body["errors"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
        #expect(messages.contains("order-received/html.mustache: missing variable `order_customer.name` at line 16, column 98"))
        #expect(messages.contains { $0.hasPrefix("order-received/html.mustache: missing variable `total` at line 38, column 107") })
        #expect(messages.contains { $0.hasPrefix("order-received/text.mustache: missing variable `total`") })
        #expect(messages.contains { $0.hasPrefix("order-received/preheader.mustache: missing variable `total`") })
        #expect(!messages.joined().contains(Fixtures.packageRoot.path))
    }

    @Test mutating func anHTTPAPIRouteWithAPathParameterIsServedToo() throws {
        let request: JSONValue = [
            "version": "2.0", "routeKey": "POST /notify/{template}", "rawPath": "/prod/notify/order-shipped",
            "pathParameters": ["template": "order-shipped"], "headers": [:],
            "requestContext": ["requestId": "r-3", "http": ["method": "POST"]], "body": .string(Self.order), "isBase64Encoded": false,
        ]
        #expect(try post(request).status == 202)
    }

    // MARK: Locales

    @Test mutating func theDataLocaleSendsTheFrenchTemplateWithFrenchMoney() throws {
        let order = Self.order.replacingOccurrences(of: #"{"id": 7"#, with: #"{"locale": "fr-CA", "id": 7"#)
        #expect(try post(Self.request("/notify/{template}", ["template": "order-received"], body: order)).status == 202)
        let message = try #require(try sentMessages().first)
        #expect(message.subject == "Commande n° 7 : merci pour votre commande !")
        #expect(message.text?.contains("Total : 1\u{202F}234,50\u{00A0}€") == true)
        #expect(message.html?.contains(#"lang="fr""#) == true)
    }

    @Test mutating func acceptLanguageChoosesTheLocaleOfAnAPIRequest() throws {
        let french = Self.request("/notify/{template}", ["template": "order-shipped"], body: Self.order, headers: ["Accept-Language": "fr-CH, en;q=0.5"])
        #expect(try post(french).status == 202)
        #expect(try sentMessages().first?.subject == "Votre commande n° 7 a été expédiée")
    }

    /// `Accept-Language` is the HTTP client's choice, and a `locale` in posted data is the data's:
    /// junk in either is ignored (only a message's own `locale` field is validated).
    @Test mutating func junkInAcceptLanguageOrTheDataLocaleGivesTheDefaultLanguage() throws {
        let junk = Self.request("/notify/{template}", ["template": "order-shipped"], body: Self.order, headers: ["Accept-Language": "@@@, fr-;q=oops, *"])
        #expect(try post(junk).status == 202)
        let order = Self.order.replacingOccurrences(of: #"{"id": 7"#, with: #"{"locale": "not a tag", "id": 7"#)
        #expect(try post(Self.request("/notify/{template}", ["template": "order-shipped"], body: order)).status == 202)
        #expect(try sentMessages().map(\.subject) == ["Order #7 has been shipped", "Order #7 has been shipped"])
    }

    @Test mutating func aLocaleWithoutFilesFallsBackToTheDefaultTemplate() throws {
        let german = Self.request("/notify/{template}", ["template": "order-received"], body: Self.order, headers: ["Accept-Language": "de-CH"])
        #expect(try post(german).status == 202)
        let message = try #require(try sentMessages().first)
        #expect(message.subject == "Order #7: thank you for your order!")
        // No de-CH template, but de-CH's locale file writes the money.
        #expect(message.text?.contains("Total: CHF\u{00A0}1’234.50") == true)
    }

    // MARK: Deliverability

    @Test mutating func anHTMLOnlyMessageGetsATextPartDerivedFromTheHTML() throws {
        let body = #"{"to": "ada@example.org", "subject": "Hi", "html": "<h1>Hello</h1><p>Your <b>report</b> is ready.</p>"}"#
        #expect(try post(Self.request("/notify", [:], body: body)).status == 202)
        let message = try #require(try sentMessages().first)
        #expect(message.tree.contains("multipart/alternative"))
        #expect(message.text == "Hello\n=====\n\nYour report is ready.\n")
    }

    @Test mutating func thePreheaderIsHiddenFirstInTheBody() throws {
        #expect(try post(Self.request("/notify/{template}", ["template": "order-shipped"], body: Self.order)).status == 202)
        let html = try #require(try sentMessages().first?.html)
        #expect(html.contains(#"<div style="display:none; max-height:0; overflow:hidden; mso-hide:all;">Order #7 is on its way.</div>"#))
        #expect(try sentMessages().first?.text?.contains("is on its way.") == false)
    }

    // MARK: Webhooks

    @Test mutating func aDjangoRestHooksPostWithTheAPIKeySendsTheWelcomeMail() throws {
        #expect(try post(Self.request("/notify/{template}", ["template": "welcome"], body: Self.restHooksSignup)).status == 202)
        let message = try #require(try sentMessages().first)
        #expect(message.to == [ParsedMessage.Address(name: "chetan", address: "chetan@example.org")])
        #expect(message.subject == "Welcome, chetan!")
    }

    @Test mutating func aSignedRestHooksWebhookSendsTheWelcomeMail() throws {
        let signed = try Self.signature(Self.restHooksSignup, timestamp: Self.now)
        let response = try post(Self.request("/hooks/{event}", ["event": "user.signup"], body: Self.restHooksSignup,
                                             headers: ["X-Signature": signed, "Webhook-Id": "delivery-1"]))
        #expect(response.status == 202, "\(response.body)")
        #expect(try sentMessages().first?.subject == "Welcome, chetan!")
    }

    @Test mutating func aSignedZapierStyleFlatWebhookSendsTheWelcomeMail() throws {
        let flat = #"{"username": "ada", "email": "ada@example.org"}"#
        let response = try post(Self.request("/hooks/{event}", ["event": "user.signup"], body: flat,
                                             headers: ["X-Signature": try Self.signature(flat, timestamp: Self.now)]))
        #expect(response.status == 202)
        #expect(try sentMessages().first?.to.first?.address == "ada@example.org")
    }

    @Test(arguments: [
        ("wrong secret", "InvalidSignature"), ("stale", "StaleSignature"), ("missing", "MissingSignature"),
        ("malformed", "MalformedSignature"), ("other event", "UnknownWebhookEvent"),
    ])
    mutating func aBadSignatureIsRefusedWithAClear401(_ fault: String, _ code: String) throws {
        var headers = ["X-Signature": try Self.signature(Self.restHooksSignup, timestamp: Self.now)]
        var event = "user.signup"
        switch fault {
        case "wrong secret": headers["X-Signature"] = try Self.signature(Self.restHooksSignup, timestamp: Self.now, secret: "not-the-secret-at-all")
        case "stale": headers["X-Signature"] = try Self.signature(Self.restHooksSignup, timestamp: Self.now - 3600)
        case "missing": headers = [:]
        case "malformed": headers["X-Signature"] = "v1=abc"
        default: event = "user.deleted"
        }
        let response = try post(Self.request("/hooks/{event}", ["event": event], body: Self.restHooksSignup, headers: headers))
        #expect(response.status == 401)
        #expect(response.body["error"]?["code"]?.stringValue == code)
        #expect((response.body["error"]?["message"]?.stringValue ?? "").count > 20)
        #expect(try sentMessages().isEmpty)
    }

    @Test mutating func aReplayedDeliveryIsRefusedAfterItsMailWasSent() throws {
        let signed = try Self.signature(Self.restHooksSignup, timestamp: Self.now)
        let request = Self.request("/hooks/{event}", ["event": "user.signup"], body: Self.restHooksSignup, headers: ["X-Signature": signed, "Webhook-Id": "d-7"])
        #expect(try post(request).status == 202)
        let replay = try post(request)
        #expect(replay.status == 401)
        #expect(replay.body["error"]?["code"]?.stringValue == "ReplayedWebhook")
        // The same body signed again is a new delivery when its id is new.
        let fresh = Self.request("/hooks/{event}", ["event": "user.signup"], body: Self.restHooksSignup,
                                 headers: ["X-Signature": try Self.signature(Self.restHooksSignup, timestamp: Self.now + 1), "Webhook-Id": "d-8"])
        #expect(try post(fresh).status == 202)
        #expect(try sentMessages().count == 2)
    }

    @Test func aSignedWebhookForAnEventNoTemplateListsIsA404() throws {
        var routes = try TemplateRouteTests(templates: Fixtures.packageRoot.appending(path: "templates"), secrets: ["order.paid": Self.secret])
        let response = try routes.post(Self.request("/hooks/{event}", ["event": "order.paid"], body: "{}",
                                                    headers: ["X-Signature": try Self.signature("{}", timestamp: Self.now)]))
        #expect(response.status == 404)
        #expect(response.body["error"]?["message"]?.stringValue == "no template lists the event 'order.paid' in its template.json")
    }

    // MARK: Templates in S3

    /// The project's templates as a deployer copies them to S3 (`package/` in moto's template
    /// bucket, signatures and IAM checked), listed with `ListObjectsV2`.
    /// The templates moto's bucket holds under `package/`, read directly or through `proxy`.
    static func s3Source(through proxy: CountingProxy? = nil, refreshInterval: Duration = .seconds(60)) throws -> S3TemplateSource {
        let moto = try MotoServer.shared()
        var configuration = moto.s3Configuration(credentials: moto.userCredentials)
        if let proxy { configuration.endpoint = proxy.endpoint }
        return S3TemplateSource(client: S3Client(configuration: configuration),
                                bucket: moto.templateBucket, prefix: "package/", refreshInterval: refreshInterval)
    }

    @Test func anUnknownTemplateInS3IsA404NamingTheTemplatesListedThere() throws {
        var routes = try TemplateRouteTests(source: Self.s3Source())
        let response = try routes.post(Self.request("/notify/{template}", ["template": "invoice-ready"], body: "{}"))
        #expect(response.status == 404)
        #expect(response.body["error"]?["message"]?.stringValue == "no template route 'invoice-ready'; available: order-received, order-shipped, welcome")
    }

    @Test func aSignedWebhookFindsTheS3TemplateThatListsItsEvent() throws {
        var routes = try TemplateRouteTests(source: Self.s3Source())
        let signed = try Self.signature(Self.restHooksSignup, timestamp: Self.now)
        let response = try routes.post(Self.request("/hooks/{event}", ["event": "user.signup"], body: Self.restHooksSignup,
                                                    headers: ["X-Signature": signed, "Webhook-Id": "s3-delivery-1"]))
        #expect(response.status == 202, "\(response.body)")
        #expect(try routes.sentMessages().first?.subject == "Welcome, chetan!")
    }

    /// Unknown names are anyone's to post: a flood of them lists the bucket once per
    /// ``S3TemplateSource/listingInterval``, not once per request.
    @Test func unknownTemplateRoutesInS3ShareOneListing() throws {
        let moto = try MotoServer.shared()
        let proxy = try CountingProxy(to: moto.endpoint)
        var routes = try TemplateRouteTests(source: Self.s3Source(through: proxy, refreshInterval: .seconds(3_600)))
        let started = ContinuousClock.now
        #expect(try routes.post(Self.request("/notify/{template}", ["template": "unknown-0"], body: "{}")).status == 404)
        let afterFirst = try proxy.requestCount()
        for index in 1...50 {
            #expect(try routes.post(Self.request("/notify/{template}", ["template": "unknown-\(index)"], body: "{}")).status == 404)
        }
        // Each unknown name costs its own template.json miss (bounded by the miss budget), and
        // the listing is asked for again only once per listing interval.
        let intervals = 1 + Int(started.duration(to: .now) / S3TemplateSource.listingInterval)
        #expect(try proxy.requestCount() - afterFirst <= 50 + intervals - 1)
    }
}
