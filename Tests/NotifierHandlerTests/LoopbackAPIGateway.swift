import Foundation
import JSON
import LoopbackHTTP

/// API Gateway for a browser, on loopback: each HTTP request to `/prod/actions/<token>` becomes a
/// REST API proxy event for the function under test, and its proxy response the HTTP response.
final class LoopbackAPIGateway {
    private let server: HTTPServer
    private let target: Target

    /// The function the requests go to, set once it is started (its links need this server's URL).
    private final class Target: @unchecked Sendable {
        let function = WaitableMutex<ApprovalFunctionBox?>(nil)
    }

    struct ApprovalFunctionBox: @unchecked Sendable {
        var approval: ApprovalFunction
    }

    init() throws {
        let target = Target()
        self.target = target
        server = try HTTPServer { request in
            guard let box = target.function.withLock({ $0 }) else { return HTTPServerResponse(status: 503, body: Data()) }
            return Self.forward(request, to: box.approval)
        }
    }

    deinit {
        server.shutdown()
    }

    /// The stage's URL, the function's `NOTIFIER_ACTION_BASE_URL`.
    var baseURL: String { "http://127.0.0.1:\(server.port)/prod" }

    func route(to approval: ApprovalFunction) {
        target.function.withLock { $0 = ApprovalFunctionBox(approval: approval) }
    }

    private static func forward(_ request: HTTPServerRequest, to approval: ApprovalFunction) -> HTTPServerResponse {
        let prefix = "/prod/actions/"
        guard request.path.hasPrefix(prefix) else { return HTTPServerResponse(status: 404, body: Data("no route".utf8)) }
        let token = String(request.path.dropFirst(prefix.count))
        do {
            let page = try approval.request(request.method, token: token, body: String(decoding: request.body, as: UTF8.self))
            var headers = HTTPServerHeaders()
            for (name, value) in page.headers { headers.add(name: name, value: value) }
            return HTTPServerResponse(status: page.statusCode, headers: headers, body: Data(page.body.utf8))
        } catch {
            return HTTPServerResponse(status: 502, body: Data("\(error)".utf8))
        }
    }
}
