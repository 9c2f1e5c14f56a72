import Foundation
import Testing
@testable import NotifierHandler

@Suite struct Base64DecoderTests {
    @Test func agreesWithFoundationOnRandomData() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Data(bytes).base64EncodedString(options: .lineLength76Characters)
            #expect(Base64Decoder.decode(text) == bytes, "length \(length)")
        }
    }

    @Test(arguments: ["aGk", "a=Gk", "aGk==x", "aG!k", "aGk===", "====", "aGk=aGk="])
    func refusesWhatIsNotBase64(_ text: String) {
        // Stricter than Foundation, which decodes "====" and "aGk===".
        #expect(Base64Decoder.decode(text) == nil)
    }

    @Test func ignoresLineBreaksAndSpacesAsEncodersWrapThem() {
        #expect(Base64Decoder.decode("aGVs\r\nbG8g\n d29y bGQ=") == Array("hello world".utf8))
    }
}
