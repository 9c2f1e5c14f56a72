import EmailKit

/// libFuzzer entry point: a message built from the input is written; the writer must either
/// refuse it with a `MIMEError` or write a message that keeps every rule of ``MIMEInvariants``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIMEWriter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzedBytes(UnsafeBufferPointer(start: data, count: size))
    let fuzzed = FuzzedMessage(&input)
    let raw: [UInt8]
    do {
        raw = try MIMEWriter().write(fuzzed.message, date: fuzzed.date, messageID: fuzzed.messageID)
    } catch {
        // A typed refusal is a correct answer; that it names a field is checked by the unit tests.
        return 0
    }
    MIMEInvariants.enforce(raw, writtenFrom: fuzzed.message)
    return 0
}
