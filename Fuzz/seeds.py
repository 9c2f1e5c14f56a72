#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses into OUT/events, OUT/mime-writer, OUT/mustache and OUT/action-links.

usage: Fuzz/seeds.py OUT

- events: every sample event in events/, and every message inside one (an SQS body, an SNS
  message, an API Gateway body) as a direct invocation, plus each order as a template message;
  hostile shapes: huge arrays, many keys, duplicate keys, nested SNS envelopes; and the SES delivery
  events of Tests/NotifierHandlerTests/Fixtures/ses-events (SNS event publishing, the older
  notification form, EventBridge), each also as its bare SES record.
- mime-writer: byte strings from a fixed pseudo-random generator (the harness reads any bytes as
  choices, so there is nothing better to hand-write).
- mustache: each template in templates/ with an order as data and the partials, and every case
  of the Mustache specification in ../shared/mustache-spec when it is there.
- action-links: links sealed with the harness's key by the Python implementation
  (Tests/Oracles/action_link.py), each kind of answer, and their plaintext claims.
"""
import hashlib
import json
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(sys.argv[1])


def write(harness, data):
    folder = OUT / harness
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def as_object(text):
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def messages_in(event):
    """The notification objects an event carries, SNS envelopes in SQS bodies unwrapped."""
    texts = [record.get("body") for record in event.get("Records", [])]
    texts += [record.get("Sns", {}).get("Message") for record in event.get("Records", [])]
    texts.append(event.get("body"))
    for text in texts:
        value = as_object(text)
        if value is None:
            continue
        if value.get("Type") == "Notification":
            value = as_object(value.get("Message"))
        if value is not None:
            yield value


orders = []
for path in sorted((ROOT / "events").glob("*.json")):
    if path.name == "notification.schema.json":
        continue
    raw = path.read_bytes()
    write("events", raw)
    for message in messages_in(json.loads(raw)):
        write("events", json.dumps(message).encode())
        if "order_customer" in message:
            orders.append(message)
for path in sorted((ROOT / "Tests" / "NotifierHandlerTests" / "Fixtures" / "ses-events").glob("*.json")):
    raw = path.read_bytes().replace(b"MESSAGE_ID", b"0100018f3b2a1c11-example-000000")
    write("events", raw)
    event = json.loads(raw)
    for record in event.get("Records", []):
        write("events", record["Sns"]["Message"].encode())
    if "detail" in event:
        write("events", json.dumps(event["detail"]).encode())
for order, template in zip(orders, ["order-received", "order-shipped"]):
    write("events", json.dumps({"to": "Ada Lovelace <ada@example.org>", "template": template, "data": order}).encode())

# Hostile shapes: arrays and objects over the parser's and the notification's limits, duplicate
# names, and SNS envelopes nested inside each other. Their memory must stay bounded: scripts/fuzz
# runs this harness under a tight -rss_limit_mb.
base = {"to": "ada@example.org", "subject": "s", "text": "t"}


def raw(text):
    write("events", text.encode())


def sqs_event(body):
    return json.dumps({"Records": [{"messageId": "m-1", "receiptHandle": "h", "body": body, "attributes": {},
                                    "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                                    "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifier",
                                    "awsRegion": "us-east-1"}]})


for count in [51, 5_000, 12_000]:
    raw(json.dumps(dict(base, to=["x"] * count)))
    raw(json.dumps(dict(base, attachments=[{}] * count)))
    raw(json.dumps(dict(base, headers={f"X-H{i}": "v" for i in range(count)})))
    raw(json.dumps(dict(base, tags={f"t{i}": "v" for i in range(count)})))
    raw(json.dumps({"messages": [{}] * count}))
raw(json.dumps(dict(base, attachments=[{"filename": "a", "content": "YQ=="}] * 101)))
raw('{"to": "ada@example.org", "to": "bob@example.org", "subject": "s", "text": "t"}')
raw('{"to": "ada@example.org", "subject": "s", "text": "t", "tags": {"a": "1", "a": "2"}}')
raw('{"to": "ada@example.org", "subject": "s", "text": "t", "headers": {"X-A": "1", "x-a": "2", "X-A": "3"}}')
raw(json.dumps(dict(base, headers={"X-SES-CONFIGURATION-SET": "other", "Resent-Bcc": "eve@example.org"})))
nested = json.dumps(base)
for _ in range(8):
    nested = json.dumps({"Type": "Notification", "MessageId": "m", "TopicArn": "arn:aws:sns:us-east-1:1:t",
                         "Subject": "s", "Message": nested})
    raw(sqs_event(nested))

generator = random.Random(7)
for length in [16, 64, 256, 1024, 4096]:
    write("mime-writer", bytes(generator.randrange(256) for _ in range(length)))
write("mime-writer", bytes([1]) * 512)
write("mime-writer", bytes(range(256)) * 4)


def mustache_seed(template, data, partials):
    segments = [template.encode(), json.dumps(data).encode()]
    segments += [name.encode() + b"\n" + source.encode() for name, source in partials.items()]
    if len(segments) <= 10 and not any(b"\0" in segment for segment in segments):
        write("mustache", b"\0".join(segments))


templates = ROOT / "templates"
partials = {path.stem: path.read_text() for path in sorted((templates / "partials").glob("*.mustache"))}
for path in sorted(templates.glob("*/*.mustache")):
    if path.parent.name != "partials":
        mustache_seed(path.read_text(), orders[0] if orders else {}, partials)
for path in sorted((ROOT.parent / "shared" / "mustache-spec").glob("*.json")):
    for case in json.loads(path.read_text()).get("tests", []):
        mustache_seed(case["template"], case["data"], case.get("partials", {}))


# Action links: the harness opens every input with the key of this secret (Fuzz/ActionLinks).
sys.path.insert(0, str(ROOT / "Tests" / "Oracles"))
import action_link  # noqa: E402

FUZZ_SECRET = "fuzzing secret for the action links harness"
claims = [
    {"t": "AQC" + "x" * 700, "a": "approve", "l": "Approve", "k": "success", "o": '{"approved":true}', "x": 1900000000, "m": "0a1b2c3d4e5f60718293a4b5"},
    {"t": "AQCtoken", "a": "reject", "l": "Reject ✋", "k": "failure", "e": "Rejected", "c": "Not this week", "x": 1, "m": "m"},
    {"t": "AQCtoken", "a": "wait", "l": "Still looking", "k": "heartbeat", "x": 1900000000, "m": "m"},
]
for index, claim in enumerate(claims):
    token = action_link.seal(FUZZ_SECRET, claim, nonce=bytes([index]) * 12)
    write("action-links", b"\0" + token.encode())
    write("action-links", b"\1" + json.dumps(claim, separators=(",", ":"), ensure_ascii=False).encode())
