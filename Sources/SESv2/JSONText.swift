import ByteEncoding
import JSON

/// A small writer of compact JSON for request bodies: objects, arrays, strings and base64.
///
/// Commas are placed automatically; the caller keeps objects and arrays balanced.
struct JSONText {
    /// The document so far.
    private(set) var bytes: [UInt8] = []
    /// Whether the next value or key in the current container needs a comma before it.
    private var needsComma = false

    /// `capacity`: the expected length of the document without its base64 values.
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// Writes `"name":`; the value follows.
    mutating func key(_ name: String) {
        separate()
        JSONString.append(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
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
        JSONString.append(value, to: &bytes)
        needsComma = true
    }

    /// A JSON string of base64 (RFC 4648, no line breaks), as AWS JSON APIs take blobs, of the
    /// `size` bytes `write` appends: they are written into the document and encoded there, so a
    /// large blob is never held twice. The document's capacity grows once, to hold the blob and
    /// `closing` more bytes after it.
    mutating func base64String<Failure: Error>(
        ofSize size: Int, followedBy closing: Int, _ write: (inout [UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.reserveCapacity(bytes.count + Base64Lines.encodedCount(size) + 1 + closing)
        let start = bytes.count
        try write(&bytes)
        Base64Lines.encodeInPlace(&bytes, from: start)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
