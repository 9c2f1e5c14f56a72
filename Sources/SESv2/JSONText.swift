import ByteEncoding
import JSON

/// A small writer of compact JSON for request bodies: objects, arrays, strings and base64.
///
/// Commas are placed automatically; the caller keeps objects and arrays balanced.
///
/// Base64 values are encoded only when ``bytes`` assembles the document, straight into a buffer
/// of its exact size: a message with a large attachment is then neither copied nor regrown.
struct JSONText {
    /// A base64 value still to be encoded: its characters go at `offset` of `text`, between its quotes.
    private struct Base64Value {
        var offset: Int
        var data: [UInt8]
    }

    /// The document but for the characters of its base64 values.
    private var text: [UInt8] = []
    private var base64Values: [Base64Value] = []
    /// Whether the next value or key in the current container needs a comma before it.
    private var needsComma = false

    /// `capacity`: the expected length of the document without its base64 values.
    init(capacity: Int) {
        text.reserveCapacity(capacity)
    }

    /// The document.
    var bytes: [UInt8] {
        guard !base64Values.isEmpty else {
            return text
        }
        let count = base64Values.reduce(text.count) { $0 + Base64Lines.encodedCount($1.data.count) }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            text.withUnsafeBufferPointer { text in
                var written = 0
                var copied = 0
                func copyText(upTo end: Int) {
                    let run = UnsafeBufferPointer(rebasing: text[copied..<end])
                    written += UnsafeMutableBufferPointer(rebasing: buffer[written...]).initialize(fromContentsOf: run)
                    copied = end
                }
                for value in base64Values {
                    copyText(upTo: value.offset)
                    if let out = buffer.baseAddress {
                        written += value.data.withUnsafeBufferPointer { Base64Lines.encode($0, into: out + written) }
                    }
                }
                copyText(upTo: text.count)
            }
            initialized = count
        }
    }

    mutating func beginObject() { separate(); text.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { text.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); text.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { text.append(UInt8(ascii: "]")); needsComma = true }

    /// Writes `"name":`; the value follows.
    mutating func key(_ name: String) {
        separate()
        JSONString.append(name, to: &text)
        text.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    mutating func member(_ name: String, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    mutating func string(_ value: String) {
        separate()
        JSONString.append(value, to: &text)
        needsComma = true
    }

    /// `data` as a JSON string of base64 (RFC 4648, no line breaks), as AWS JSON APIs take blobs.
    mutating func base64String(_ data: [UInt8]) {
        separate()
        text.append(UInt8(ascii: "\""))
        base64Values.append(Base64Value(offset: text.count, data: data))
        text.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { text.append(UInt8(ascii: ",")) }
    }
}
