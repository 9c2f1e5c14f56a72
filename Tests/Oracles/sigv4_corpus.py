#!/usr/bin/env python3
"""Generates random HTTP requests and signs them with botocore's SigV4 signers.

Usage: sigv4_corpus.py SEED COUNT

Prints one JSON document: {"cases": [...]}. Each case holds what a client sends (method, URL with
the path and query as they go on the wire, header fields in order, body as base64), the signing
inputs (service, region, credentials, Unix time), and botocore's view of it: canonical request,
string to sign, Authorization, and the x-amz-* fields it adds.

botocore signs with `SigV4Auth`, or `S3SigV4Auth` for service `s3`. Its query canonicalisation is
fed the decoded parameters (`request.params`), which it percent-encodes itself the SigV4 way, while
the URL carries a wire form that is equivalent but deliberately untidy (lower-case escapes, escaped
unreserved characters, unescaped sub-delimiters): the signer under test must reduce the wire form to
the same canonical query.

Left out on purpose, because botocore departs from the SigV4 specification (or from what libcurl
sends) there; SigV4SignerTests pins down the first four:
- paths ending in `/.` or `/..`: botocore drops the trailing slash RFC 3986 keeps (and libcurl sends);
- empty pieces in the wire query (`a=1&&b=2`, a trailing `&`): botocore signs each as a parameter
  with empty name and value (`=`); the Swift signer skips them, as URL query parsers such as Go's
  net/url do. No client sends them, and the specification does not say;
- a raw `+` in the wire query: botocore's URL mode signs it verbatim, SigV4 signs a literal plus as `%2B`;
- an S3 URL without a path: botocore's S3 signer then signs an empty canonical URI, SigV4 says `/`;
- dot segments in S3 paths: S3 signs the path as sent, and libcurl resolves dot segments before sending;
- `Date` or `X-Amz-Content-SHA256` on non-S3 requests: botocore then signs a `Date` it rewrites, or
  trusts the header instead of hashing the body;
- header values with non-ASCII or control characters: Python's str.split() counts \\x1c-\\x1f and
  Unicode spaces as whitespace, HTTP does not.
"""

import base64
import datetime
import json
import random
import sys
from unittest import mock
from urllib.parse import quote

import botocore.auth
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

TIMESTAMPS = [
    datetime.datetime(2015, 8, 30, 12, 36, 0, tzinfo=datetime.timezone.utc),
    datetime.datetime(2024, 2, 29, 23, 59, 59, tzinfo=datetime.timezone.utc),
    datetime.datetime(2024, 3, 1, 0, 0, 0, tzinfo=datetime.timezone.utc),
    datetime.datetime(2038, 1, 19, 3, 14, 8, tzinfo=datetime.timezone.utc),
]
SERVICES = ["ses", "email", "s3"]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "eu-central-1"]
METHODS_WITH_BODY = ["POST", "PUT", "DELETE"]
METHODS_WITHOUT_BODY = ["GET", "HEAD"]

# Characters a path segment or a query component may contain before encoding.
PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
UNRESERVED_MARKS = "-._~"
SPECIAL = " +%&=?#!$'()*,;:@[]\"<>\\^`{|}/"
UNICODE = ["é", "ü", "ß", "日本", "€", "😀", "ñ", "Ω"]
SUB_DELIMS_SAFE_IN_QUERY = "!$'()*,;:@/"
SUB_DELIMS_SAFE_IN_PATH = "!$'()*,;:@=+"


def random_text(rng, max_length, allow_slash=True):
    pieces = []
    for _ in range(rng.randint(0, max_length)):
        roll = rng.random()
        if roll < 0.55:
            pieces.append(rng.choice(PLAIN))
        elif roll < 0.70:
            pieces.append(rng.choice(UNRESERVED_MARKS))
        elif roll < 0.90:
            ch = rng.choice(SPECIAL)
            if ch == "/" and not allow_slash:
                ch = "_"
            pieces.append(ch)
        else:
            pieces.append(rng.choice(UNICODE))
    return "".join(pieces)


def untidy_encode(rng, text, safe_raw):
    """Percent-encodes `text` the way a sloppy but valid client might: any byte may be escaped
    (upper or lower case hex), and characters in `safe_raw` may stay raw."""
    out = []
    for ch in text:
        is_unreserved = ch in PLAIN or ch in UNRESERVED_MARKS
        if is_unreserved and rng.random() < 0.9:
            out.append(ch)
        elif ch in safe_raw and rng.random() < 0.5:
            out.append(ch)
        else:
            escaped = quote(ch, safe="")
            if escaped == ch:  # an unreserved character chosen for escaping
                escaped = "%{:02X}".format(ord(ch))
            if rng.random() < 0.3:
                escaped = escaped.lower()
            out.append(escaped)
    return "".join(out)


def random_path(rng, service):
    segments = []
    for _ in range(rng.randint(0, 5)):
        roll = rng.random()
        if service != "s3" and roll < 0.08:
            segments.append(".")
        elif service != "s3" and roll < 0.14:
            segments.append("..")
        elif roll < 0.20:
            segments.append("")  # makes `//`
        else:
            segments.append(random_text(rng, 8, allow_slash=False))
    if service == "s3":
        # S3 signs the path as sent, so send it encoded the canonical way (as botocore's serializer does).
        wire = "/" + "/".join(quote(s, safe="~") for s in segments)
    else:
        wire = "/" + "/".join(untidy_encode(rng, s, SUB_DELIMS_SAFE_IN_PATH) for s in segments)
    if rng.random() < 0.3 and not wire.endswith("/"):
        wire += "/"
    # A path ending in a dot segment is normalised differently by botocore (see module doc).
    while wire.endswith("/.") or wire.endswith("/.."):
        wire += "/"
    if service != "s3" and rng.random() < 0.05:
        wire = ""  # no path at all: `https://host?query`
    return wire


def random_query(rng):
    params = []
    wire = []
    for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 8])):
        if params and rng.random() < 0.25:
            key = rng.choice(params)[0]  # a repeated key
        elif rng.random() < 0.08:
            key = ""  # an empty key
        else:
            key = random_text(rng, 6)
        value = "" if rng.random() < 0.2 else random_text(rng, 10)
        params.append((key, value))
        wire_key = untidy_encode(rng, key, SUB_DELIMS_SAFE_IN_QUERY)
        if value == "" and key != "" and rng.random() < 0.5:
            wire.append(wire_key)  # bare `key`, no `=`
        else:
            wire.append(wire_key + "=" + untidy_encode(rng, value, SUB_DELIMS_SAFE_IN_QUERY + "="))
    return params, "&".join(wire)


def random_host(rng, scheme, region, service):
    name = rng.choice([
        f"email.{region}.amazonaws.com",
        f"Email.{region.upper()}.AmazonAWS.com",
        f"bucket-{rng.randint(1, 99)}.s3.{region}.amazonaws.com" if service == "s3" else "localhost",
        "127.0.0.1",
        "[::1]",
    ])
    roll = rng.random()
    default_port = 443 if scheme == "https" else 80
    if roll < 0.5:
        return name
    if roll < 0.65:
        return f"{name}:{default_port}"
    return f"{name}:{rng.randint(1024, 65535)}"


def random_header_value(rng):
    words = [random_text(rng, 6).replace("\\", "").encode("ascii", "ignore").decode() for _ in range(rng.randint(0, 4))]
    spacer = lambda: rng.choice([" ", "  ", "\t", " \t ", "   "])
    value = ""
    for i, word in enumerate(words):
        value += (spacer() if i else "") + word
    if rng.random() < 0.4:
        value = spacer() + value
    if rng.random() < 0.4:
        value = value + spacer()
    return value


def random_headers(rng, host_for_header):
    headers = []
    if rng.random() < 0.6:
        headers.append(("Content-Type", rng.choice(["application/json", "text/plain; charset=utf-8", "application/x-amz-json-1.0"])))
    for _ in range(rng.randint(0, 4)):
        name = rng.choice(["X-Custom", "x-amz-meta-Color", "My-Header", "X-Trace-Note", "Accept"])
        name = "".join(c.upper() if rng.random() < 0.3 else c for c in name)
        headers.append((name, random_header_value(rng)))
        if rng.random() < 0.3:
            headers.append((name.lower(), random_header_value(rng)))  # the same field again
    if rng.random() < 0.2:
        headers.append(("User-Agent", "notifier/1.0  (test)"))  # never signed
    if rng.random() < 0.1:
        headers.append(("Authorization", "AWS4-HMAC-SHA256 Credential=stale"))  # replaced on (re)signing
    if rng.random() < 0.1:
        headers.append(("X-Amz-Date", "20000101T000000Z"))  # replaced on (re)signing
    if rng.random() < 0.15:
        headers.append(("Host", host_for_header))
    rng.shuffle(headers)
    return headers


def random_credentials(rng):
    access_key = "AKID" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    secret = "".join(rng.choice(PLAIN + "/+") for _ in range(40))
    token = None
    if rng.random() < 0.35:
        token = "".join(rng.choice(PLAIN + "/+=") for _ in range(rng.randint(100, 400)))
    return access_key, secret, token


def make_case(rng, index):
    service = rng.choice(SERVICES)
    region = rng.choice(REGIONS)
    scheme = rng.choice(["https", "https", "http"])
    host = random_host(rng, scheme, region, service)
    path = random_path(rng, service)
    params, wire_query = random_query(rng)
    url = f"{scheme}://{host}{path}" + (f"?{wire_query}" if wire_query else "")
    method = rng.choice(METHODS_WITH_BODY + METHODS_WITHOUT_BODY)
    body = b""
    if method in METHODS_WITH_BODY and rng.random() < 0.8:
        size = rng.choice([0, 1, 17, 256, 1000, 4096]) if rng.random() < 0.97 else 70000
        body = bytes(rng.getrandbits(8) for _ in range(size))
    headers = random_headers(rng, host.lower())
    access_key, secret, token = random_credentials(rng)
    timestamp = rng.choice(TIMESTAMPS)

    request = AWSRequest(method=method, url=url, data=body, params=params)
    for name, value in headers:
        request.headers[name] = value  # assignment appends, so repeated fields are kept
    signer_class = S3SigV4Auth if service == "s3" else SigV4Auth
    signer = signer_class(Credentials(access_key, secret, token), service, region)
    seen = {}
    original_string_to_sign = signer.string_to_sign

    def recording_string_to_sign(request, canonical_request):
        seen["canonicalRequest"] = canonical_request
        seen["stringToSign"] = original_string_to_sign(request, canonical_request)
        return seen["stringToSign"]

    signer.string_to_sign = recording_string_to_sign
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=timestamp.replace(tzinfo=None)):
        signer.add_auth(request)
    added = {name.lower(): request.headers[name] for name in
             ["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256"]
             if request.headers.get(name) is not None}
    return {
        "index": index,
        "service": service,
        "region": region,
        "accessKeyID": access_key,
        "secretAccessKey": secret,
        "sessionToken": token,
        "unixTime": int(timestamp.timestamp()),
        "method": method,
        "url": url,
        "headers": [[name, value] for name, value in headers],
        "bodyBase64": base64.b64encode(body).decode(),
        "canonicalRequest": seen["canonicalRequest"],
        "stringToSign": seen["stringToSign"],
        "addedHeaders": added,
    }


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    cases = [make_case(rng, index) for index in range(count)]
    json.dump({"seed": seed, "cases": cases}, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
