import Glibc

/// Starts a POSIX thread running `body`. A detached thread cleans up after itself; any other must
/// be joined with `pthread_join`.
///
/// Server threads are real threads rather than tasks because they block in system calls and in
/// handlers (a long poll), which must never happen on Swift's cooperative pool.
func startThread(detached: Bool, _ body: @escaping @Sendable () -> Void) throws(HTTPServerError) -> pthread_t {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    if detached {
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    }
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(&thread, &attributes, { context in
        guard let context else { return nil }
        Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().run()
        return nil
    }, context)
    guard result == 0 else {
        Unmanaged<ThreadBody>.fromOpaque(context).release()
        throw HTTPServerError(operation: "pthread_create", errno: result)
    }
    return thread
}

private final class ThreadBody {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) {
        self.run = run
    }
}
