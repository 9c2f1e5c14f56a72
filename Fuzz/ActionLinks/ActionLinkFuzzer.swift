@testable import ActionLinks
import JSON

/// The one key every input is opened with; the seeds (Fuzz/seeds.py) are sealed with it.
let fuzzKey = ActionLinkKey(secret: "fuzzing secret for the action links harness")

/// libFuzzer entry point for the action link decoder. The first byte chooses what the rest is:
/// - even: a link's token text, as it arrives in the URL path. Reading and opening it never
///   crashes, and a token that opens re-seals into one that opens to the same claim;
/// - odd: the plaintext of a link (JSON, as only the key's holder could seal it). Reading the
///   claim never crashes; when it gives one, that claim round-trips through sealing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzActionLink(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let key = fuzzKey, size > 0 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let rest = Array(input.dropFirst())
    if input[0] & 1 == 0 {
        let text = String(decoding: rest, as: UTF8.self)
        guard let sealed = SealedActionLink(text: text), let claim = sealed.open(with: key) else { return 0 }
        precondition(sealed.keyID == key.id, "a link of key \(sealed.keyID) opened with key \(key.id)")
        roundTrip(claim, key: key)
    } else if let json = try? JSONParser.parse(rest), let claim = ActionLinkClaim(json: json) {
        roundTrip(claim, key: key)
    }
    return 0
}

func roundTrip(_ claim: ActionLinkClaim, key: ActionLinkKey) {
    guard let again = SealedActionLink.seal(claim, with: key) else { preconditionFailure("a claim could not be sealed") }
    precondition(SealedActionLink(text: again)?.open(with: key) == claim, "a re-sealed claim opened differently")
}
