import AWSCore
import Testing

/// The XML reader the core uses for S3's answers, on an answer shaped as S3 documents it.
@Suite struct AWSXMLTests {
    static let listing = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>notifier-templates</Name><Prefix>t/</Prefix>\
        <KeyCount>3</KeyCount><MaxKeys>3</MaxKeys><Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>\
        <Contents><Key>t/read me &amp; notes.txt </Key><Size>3</Size></Contents>\
        <CommonPrefixes><Prefix>t/order-received/</Prefix></CommonPrefixes>\
        <CommonPrefixes><Prefix>t/caf&#xE9;/</Prefix></CommonPrefixes>\
        <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>
        """.utf8)

    @Test func everyElementOfANameIsReadInOrderAndNotConfusedWithLongerNames() {
        let prefixes = AWSXML.contents(of: "CommonPrefixes", in: Self.listing[...]).compactMap { AWSXML.element("Prefix", in: $0) }
        #expect(prefixes == ["t/order-received/", "t/café/"])
        // The listing's own Prefix is the first `<Prefix>` of the document, not a common prefix's.
        #expect(AWSXML.element("Prefix", in: Self.listing[...]) == "t/")
        #expect(AWSXML.contents(of: "CommonPrefixes", in: Self.listing[...], limit: 1).count == 1)
    }

    @Test func decodedTextKeepsItsSpacesWhereElementTrimsThem() {
        let key = AWSXML.contents(of: "Key", in: Self.listing[...]).first.map(AWSXML.decoded)
        #expect(key == "t/read me & notes.txt ")
        #expect(AWSXML.element("Key", in: Self.listing[...]) == "t/read me & notes.txt")
        #expect(AWSXML.element("NextContinuationToken", in: Self.listing[...]) == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }
}
