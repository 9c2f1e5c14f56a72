import EmailKit

/// libFuzzer entry point: a message built from the input is written; the writer must either
/// refuse it with a `MIMEError` or write a message that keeps every rule of ``MIMEInvariants``.
/// Attachments held as base64 text must be written as the same attachments held as bytes are.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIMEWriter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzedBytes(UnsafeBufferPointer(start: data, count: size))
    let fuzzed = FuzzedMessage(&input)
    let writer = MIMEWriter()
    var asBytes = fuzzed.message
    for index in asBytes.attachments.indices {
        // Setting the bytes stores them as bytes, whichever way the content was held.
        asBytes.attachments[index].data = asBytes.attachments[index].data
    }
    let written = Result { () throws(MIMEError) in try writer.write(fuzzed.message, date: fuzzed.date, messageID: fuzzed.messageID) }
    let writtenFromBytes = Result { () throws(MIMEError) in try writer.write(asBytes, date: fuzzed.date, messageID: fuzzed.messageID) }
    switch (written, writtenFromBytes) {
    case (.success(let raw), .success(let rawFromBytes)):
        precondition(
            withBoundariesMasked(raw) == withBoundariesMasked(rawFromBytes),
            "base64 text attachments were written unlike the same bytes:\n\(String(decoding: raw, as: UTF8.self))")
        MIMEInvariants.enforce(raw, writtenFrom: fuzzed.message)
    case (.failure(let error), .failure(let errorFromBytes)):
        // A typed refusal is a correct answer; that it names a field is checked by the unit tests.
        precondition(error == errorFromBytes, "refused as \(error) with base64 text attachments, as \(errorFromBytes) with bytes")
    default:
        fatalError("written one way and refused the other: \(written) / \(writtenFromBytes)")
    }
    return 0
}

/// `raw` with the 32 hex digits after every `=_` blanked: the random part of each multipart
/// boundary, so that two writes of one message compare equal. Text that merely looks like a
/// boundary is blanked alike in both.
private func withBoundariesMasked(_ raw: [UInt8]) -> [UInt8] {
    var masked = raw
    var index = 0
    while index + 34 <= masked.count {
        if masked[index] == UInt8(ascii: "="), masked[index + 1] == UInt8(ascii: "_") {
            for digit in (index + 2)..<(index + 34) { masked[digit] = UInt8(ascii: "x") }
            index += 34
        } else {
            index += 1
        }
    }
    return masked
}
