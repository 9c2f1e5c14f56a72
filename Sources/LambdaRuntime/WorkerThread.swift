import Glibc

/// Starts the POSIX threads that run the workers beyond the first (which keeps the main thread).
///
/// Workers are real threads rather than tasks because they block in system calls (the `/next`
/// long poll, libcurl's waits), which must never happen on Swift's cooperative pool.
enum WorkerThread {
    /// Starts a detached thread that runs `body` and owns `value`, which nothing else may touch
    /// once handed over: the value (a worker, with its handler and connections) moves to the
    /// new thread rather than being shared with it.
    static func start<Value>(owning value: consuming Value, _ body: @escaping (inout Value) -> Void) throws(WorkerThreadError) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(ThreadBody { body(&value) }).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw WorkerThreadError(code: result)
        }
    }
}

/// `pthread_create` failed, normally for lack of memory or of the process's thread allowance.
struct WorkerThreadError: Error, CustomStringConvertible {
    var code: Int32

    var description: String { "cannot start a worker thread: \(String(cString: strerror(code)))" }
}

private final class ThreadBody {
    let run: () -> Void

    init(_ run: @escaping () -> Void) {
        self.run = run
    }
}
