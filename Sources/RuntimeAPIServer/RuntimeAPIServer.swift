import FoundationEssentials
import LoopbackHTTP

/// The Lambda Runtime API (2018-06-01) on loopback, for tests and local invocation: it queues
/// events, hands them to a runtime's `/next` long poll with the headers Lambda sends, and records
/// what the runtime posts back. It can be told to fail like Lambda does.
///
/// Point a runtime at it with `AWS_LAMBDA_RUNTIME_API=`\(``endpoint``). Every answer to a POST is
/// Lambda's `202 {"status":"OK"}`; a POST for a request id that is not in flight gets Lambda's
/// `400 InvalidRequestID`, and one that comes after the invocation's deadline `410` (Lambda has
/// timed the invocation out). Like Lambda Managed Instances, it serves any number of `/next`
/// long polls at once, each on its own connection.
public final class RuntimeAPIServer: Sendable {
    private let http: HTTPServer
    private let state: WaitableMutex<RuntimeAPIState>

    /// Starts serving on 127.0.0.1:`port` (0 for an ephemeral port).
    public init(port: UInt16 = 0) throws(HTTPServerError) {
        let state = WaitableMutex(RuntimeAPIState())
        self.state = state
        http = try HTTPServer(port: port) { request in
            RuntimeAPIRoutes(state: state).respond(to: request)
        }
    }

    deinit {
        shutdown()
    }

    public var port: UInt16 { http.port }

    /// `host:port`, the value for `AWS_LAMBDA_RUNTIME_API`.
    public var endpoint: String { "127.0.0.1:\(http.port)" }

    /// How many connections runtimes have opened; a runtime that keeps its connection alive opens one.
    public var acceptedConnectionCount: Int { http.acceptedConnectionCount }

    /// Queues an event for the next `/next` request and returns its request id.
    @discardableResult
    public func enqueue(event: Data, options: InvocationOptions = InvocationOptions()) -> String {
        let requestID = options.requestID ?? UUID().uuidString.lowercased()
        state.withLock { $0.queue.append(QueuedEvent(requestID: requestID, event: event, options: options)) }
        return requestID
    }

    /// Makes the next `times` requests to `endpoint` fail with `fault` instead of being served.
    /// A failed `/next` delivers no event; a failed POST records nothing and leaves the invocation
    /// in flight, so that the runtime can still post an error for it.
    public func inject(_ fault: Fault, on endpoint: Endpoint, times: Int = 1) {
        state.withLock { $0.faults[endpoint, default: []].append(contentsOf: repeatElement(fault, count: times)) }
    }

    /// Waits for the runtime to post a response or an error for `requestID`, and hands it over
    /// (it is not kept); `nil` when `timeout` passes first.
    public func waitForOutcome(requestID: String, timeout: Duration) -> InvocationOutcome? {
        state.wait(timeout: timeout) { $0.outcomes.removeValue(forKey: requestID) }
    }

    /// Waits for the runtime to post an answer for `requestID` after its deadline, which was refused
    /// with 410, and hands it over; `nil` when `timeout` passes first.
    public func waitForLateAnswer(requestID: String, timeout: Duration) -> InvocationOutcome? {
        state.wait(timeout: timeout) { $0.lateAnswers.removeValue(forKey: requestID) }
    }

    /// Waits until `count` events in all have been handed out by `/next`; `false` when `timeout`
    /// passes first.
    public func waitForDeliveries(count: Int, timeout: Duration) -> Bool {
        state.wait(timeout: timeout) { $0.deliveredCount >= count ? true : nil } ?? false
    }

    /// Waits for the runtime to post a response or an error for `requestID` (handed over, not
    /// kept), or to post to `/init/error`, whichever comes first; `nil` when `timeout` passes first.
    /// A runtime that failed to initialise answers nothing, so there is no use waiting longer.
    public func waitForEnd(requestID: String, timeout: Duration) -> InvocationEnd? {
        state.wait(timeout: timeout) { state in
            if let outcome = state.outcomes.removeValue(forKey: requestID) { return .outcome(outcome) }
            return state.initError.map(InvocationEnd.initError)
        }
    }

    /// Waits for the runtime to post to `/init/error`; `nil` when `timeout` passes first.
    public func waitForInitError(timeout: Duration) -> ReportedError? {
        state.wait(timeout: timeout) { $0.initError }
    }

    /// Waits until `/next` has been requested `count` times in all, and returns when each request
    /// arrived, in order; fewer when `timeout` passes first. The instants compare with
    /// `ContinuousClock.now` taken in this process, e.g. just before starting a runtime.
    public func waitForNextRequests(count: Int, timeout: Duration) -> [ContinuousClock.Instant] {
        state.wait(timeout: timeout) { $0.nextArrivals.count >= count ? $0.nextArrivals : nil }
            ?? state.withLock { $0.nextArrivals }
    }

    /// Waits until the runtime asks for its next invocation after `outcome`, which it does once its
    /// work after that answer is done (one worker; see ``InvocationOutcome/nextRequestsBeforeAnswer``).
    /// Checks every 50 ms, running `meanwhile` each time; `false` when `isRunning` turns false (the
    /// function exited) or `deadline` passes first.
    public func waitForNextRequest(
        after outcome: InvocationOutcome, until deadline: ContinuousClock.Instant, while isRunning: () -> Bool, meanwhile: () -> Void = {}
    ) -> Bool {
        let count = outcome.nextRequestsBeforeAnswer + 1
        while true {
            let returned = waitForNextRequests(count: count, timeout: .milliseconds(50)).count >= count
            meanwhile()
            if returned { return true }
            guard isRunning(), ContinuousClock.now < deadline else { return false }
        }
    }

    /// Ends every waiting `/next` (its connection closes) and stops the server. Calling it again
    /// does nothing.
    public func shutdown() {
        state.withLock { $0.isStopped = true }
        http.shutdown()
    }
}

struct QueuedEvent: Sendable {
    var requestID: String
    var event: Data
    var options: InvocationOptions
}

/// An invocation `/next` handed out, as the server remembers it until the runtime answers.
struct InFlightInvocation: Sendable {
    /// The `Lambda-Runtime-Invocation-Id` sent with it.
    var invocationID: String
    var deadline: Date
    var deliveredAt: ContinuousClock.Instant
}

struct RuntimeAPIState: Sendable {
    var isStopped = false
    var queue: [QueuedEvent] = []
    /// Invocations delivered but not yet answered, by request id.
    var inFlight: [String: InFlightInvocation] = [:]
    var deliveredCount = 0
    var outcomes: [String: InvocationOutcome] = [:]
    /// Answers refused with 410 because they came after the deadline, by request id.
    var lateAnswers: [String: InvocationOutcome] = [:]
    var initError: ReportedError?
    var nextArrivals: [ContinuousClock.Instant] = []
    var faults: [RuntimeAPIServer.Endpoint: [RuntimeAPIServer.Fault]] = [:]

    mutating func takeFault(for endpoint: RuntimeAPIServer.Endpoint) -> RuntimeAPIServer.Fault? {
        guard var pending = faults[endpoint], !pending.isEmpty else { return nil }
        let fault = pending.removeFirst()
        faults[endpoint] = pending
        return fault
    }
}
