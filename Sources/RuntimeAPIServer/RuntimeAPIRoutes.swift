import FoundationEssentials
import LoopbackHTTP

/// Serves one HTTP request of the Runtime API against the shared state.
struct RuntimeAPIRoutes {
    let state: WaitableMutex<RuntimeAPIState>

    func respond(to request: HTTPServerRequest) -> HTTPServerResponse {
        let prefix = "/2018-06-01/runtime/"
        guard request.path.hasPrefix(prefix) else { return notFound }
        let route = request.path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)

        switch (request.method, route.count, route.first, route.last) {
        case ("GET", 2, "invocation", "next"):
            return next()
        case ("POST", 3, "invocation", "response"):
            return record(request, requestID: String(route[1]), endpoint: .response)
        case ("POST", 3, "invocation", "error"):
            return record(request, requestID: String(route[1]), endpoint: .error)
        case ("POST", 2, "init", "error"):
            return recordInitError(request)
        default:
            return notFound
        }
    }

    /// The long poll: waits until an event is queued or the server stops.
    private func next() -> HTTPServerResponse {
        let arrival = ContinuousClock.now
        let fault = state.withLock { state in
            state.nextArrivals.append(arrival)
            return state.takeFault(for: .next)
        }
        if let fault { return fault.response }

        enum Delivery {
            case event(QueuedEvent, InFlightInvocation)
            case stopped
        }
        let delivery = state.wait(timeout: nil) { state -> Delivery? in
            if state.isStopped { return .stopped }
            guard !state.queue.isEmpty else { return nil }
            let event = state.queue.removeFirst()
            let options = event.options
            let invocation = InFlightInvocation(
                invocationID: UUID().uuidString.lowercased(),
                deadline: options.deadline ?? Date.now.addingTimeInterval(options.timeout.timeInterval),
                deliveredAt: ContinuousClock.now
            )
            state.inFlight[event.requestID] = invocation
            state.deliveredCount += 1
            return .event(event, invocation)
        }
        guard case .event(let event, let invocation) = delivery else { return .close() }

        let options = event.options
        var headers: HTTPServerHeaders = [
            "Content-Type": "application/json",
            RuntimeAPIHeader.requestID: event.requestID,
            RuntimeAPIHeader.deadline: String(Int64((invocation.deadline.timeIntervalSince1970 * 1000).rounded(.down))),
            RuntimeAPIHeader.invokedFunctionARN: options.invokedFunctionARN,
            RuntimeAPIHeader.invocationID: invocation.invocationID,
        ]
        let optional = [
            (RuntimeAPIHeader.traceID, options.traceID),
            (RuntimeAPIHeader.clientContext, options.clientContext),
            (RuntimeAPIHeader.cognitoIdentity, options.cognitoIdentity),
            (RuntimeAPIHeader.tenantID, options.tenantID),
        ]
        for case let (name, value?) in optional {
            headers.add(name: name, value: value)
        }
        return HTTPServerResponse(status: 200, headers: headers, body: event.event)
    }

    private func record(_ request: HTTPServerRequest, requestID: String, endpoint: RuntimeAPIServer.Endpoint) -> HTTPServerResponse {
        let answeredAt = ContinuousClock.now
        return state.withLock { state in
            if let fault = state.takeFault(for: endpoint) { return fault.response }
            guard let invocation = state.inFlight.removeValue(forKey: requestID) else { return invalidRequestID }
            let result: InvocationOutcome.Result = endpoint == .response
                ? .response(request.body)
                : .error(ReportedError(errorType: request.headers[RuntimeAPIHeader.functionErrorType], body: request.body))
            let outcome = InvocationOutcome(
                requestID: requestID,
                invocationID: invocation.invocationID,
                result: result,
                headers: request.headers,
                deliveredAt: invocation.deliveredAt,
                answeredAt: answeredAt,
                nextRequestsBeforeAnswer: state.nextArrivals.count
            )
            // Lambda has already failed the invocation for its caller and no longer takes an answer.
            guard Date.now <= invocation.deadline else {
                state.lateAnswers[requestID] = outcome
                return invocationTimedOut
            }
            state.outcomes[requestID] = outcome
            return accepted
        }
    }

    private func recordInitError(_ request: HTTPServerRequest) -> HTTPServerResponse {
        state.withLock { state in
            if let fault = state.takeFault(for: .initError) { return fault.response }
            state.initError = ReportedError(errorType: request.headers[RuntimeAPIHeader.functionErrorType], body: request.body)
            return accepted
        }
    }

    private var accepted: HTTPServerResponse {
        json(202, #"{"status":"OK"}"#)
    }

    private var invocationTimedOut: HTTPServerResponse {
        json(410, #"{"errorMessage":"Invoke timed out","errorType":"InvocationTimeout"}"#)
    }

    private var invalidRequestID: HTTPServerResponse {
        json(400, #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)
    }

    private var notFound: HTTPServerResponse {
        json(404, #"{"errorMessage":"Not found","errorType":"NotFound"}"#)
    }

    private func json(_ status: Int, _ body: String) -> HTTPServerResponse {
        HTTPServerResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}

extension Duration {
    var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
