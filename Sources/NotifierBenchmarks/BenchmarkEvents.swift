import Foundation

/// The events both functions receive. Messages use the A3-Shared-Notifier field names, which the
/// notifier accepts as aliases, so the same bytes go to both.
enum BenchmarkEvents {
    /// A typical notification: one recipient, a short text and HTML body.
    static func smallNotification(number: Int) -> [String: Any] {
        [
            "sender": "Shop <orders@example.com>",
            "recipients": ["Ada Lovelace <ada@example.org>"],
            "subject": "Your order #\(number) has shipped",
            "text_content": "Hi Ada, your order #\(number) is on its way. Track it at https://shop.example.com/orders/\(number).",
            "html_content": "<p>Hi Ada,</p><p>your order <b>#\(number)</b> is on its way. <a href=\"https://shop.example.com/orders/\(number)\">Track it</a>.</p>",
        ]
    }

    /// The CPU benchmark's message: 5 KB of HTML and a 100 KB attachment (incompressible bytes,
    /// like a PDF), base64 in the event.
    static var largeNotification: [String: Any] {
        [
            "sender": "Shop <orders@example.com>",
            "recipients": ["Ada Lovelace <ada@example.org>"],
            "subject": "Your invoice #1042",
            "html_content": largeHTML,
            "attachments": [
                ["filename": "invoice-1042.pdf", "contentType": "application/pdf", "content": attachment.base64EncodedString()],
            ],
        ]
    }

    /// About 5,000 bytes of HTML: an invoice table.
    static let largeHTML: String = {
        var html = "<html><body><h1>Invoice #1042</h1><table>"
        var row = 0
        while html.utf8.count < 4_940 {
            row += 1
            html += "<tr><td>Item \(row)</td><td>\(row % 7 + 1)</td><td>EUR \(row * 13 % 97).50</td></tr>"
        }
        return html + "</table></body></html>"
    }()

    /// 100 KiB from a fixed-seed generator, so every run sends the same bytes.
    static let attachment: Data = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8](repeating: 0, count: 100 * 1024)
        for index in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[index] = UInt8(truncatingIfNeeded: state >> 56)
        }
        return Data(bytes)
    }()

    /// A direct invocation: the notification itself.
    static func direct(_ notification: [String: Any]) -> Data {
        json(notification)
    }

    /// An SQS event of one record per notification, with the envelope Lambda sends. The records'
    /// message ids differ between batches of different `batch` numbers.
    static func sqsBatch(_ notifications: [[String: Any]], batch: Int = 0) -> Data {
        let records = notifications.enumerated().map { index, notification -> [String: Any] in
            let body = String(decoding: json(notification), as: UTF8.self)
            return [
                "messageId": String(format: "059f36b4-87a3-44ab-83d2-%06d%06d", batch, index),
                "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a\(index)",
                "body": body,
                "attributes": [
                    "ApproximateReceiveCount": "1",
                    "SentTimestamp": "1545082649183",
                    "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                    "ApproximateFirstReceiveTimestamp": "1545082649185",
                ],
                "messageAttributes": [String: Any](),
                "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifications",
                "awsRegion": "us-east-1",
            ]
        }
        return json(["Records": records])
    }

    private static func json(_ object: Any) -> Data {
        // Only strings, numbers, arrays and dictionaries: always serialisable.
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
