import Foundation
import Testing

/// `data` parsed by Foundation's JSON parser as an object; the test fails when it is not one.
func jsonObject(_ data: Data?, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let data = try #require(data, sourceLocation: sourceLocation)
    return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any], sourceLocation: sourceLocation)
}
