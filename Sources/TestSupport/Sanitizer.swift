import Foundation

/// Whether this test process runs under AddressSanitizer or ThreadSanitizer (`scripts/test-sanitizers`
/// sets their options for it and for every function it starts).
///
/// A sanitizer reserves shadow memory and keeps freed memory in quarantine, so the resident memory
/// of a process it instruments says nothing about the code: tests that bound memory check their
/// bounds in the plain `swift test` run, and under a sanitizer only that the work succeeds.
public enum Sanitizer {
    public static var isActive: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["ASAN_OPTIONS"] != nil || environment["TSAN_OPTIONS"] != nil
    }
}
