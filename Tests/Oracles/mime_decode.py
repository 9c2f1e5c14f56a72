#!/usr/bin/env python3
"""Independent decoder for the MIME writer's encodings, strict where mail clients forgive.

Reads JSON on standard input:
    {"quotedPrintable": [BASE64, ...], "fields": [TEXT, ...], "phrases": [TEXT, ...]}
- quotedPrintable: a body as the writer encoded it (the bytes, in base64);
- fields: one whole header field as written ("Subject: ...", folded lines joined by CRLF);
- phrases: header text holding encoded-words, e.g. a display name or a quoted legacy file name.

Prints, in the same order:
    {"quotedPrintable": [{"bytes": BASE64, "problems": [...]}],
     "fields": [{"value": TEXT, "problems": [...]}], "phrases": [{"value": TEXT, "problems": [...]}]}

Decoding is Python's: binascii.a2b_qp for quoted-printable, the email package's default policy
(header registry, RFC 2047) for fields, email.header.decode_header for phrases (it drops the
white space between adjacent encoded-words, RFC 2047 section 6.2). Python forgives what a
careless encoder writes (a "=" that starts no escape, base64 without its padding, bytes that are
not in the named charset), so each of those is also reported as a problem, along with the
parser's own defects.
"""

import base64
import binascii
import json
import re
import sys
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser

ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=")
HEX = frozenset(b"0123456789ABCDEF")


def quoted_printable(encoded):
    """RFC 2045 section 6.7: CRLF lines of at most 76 characters, no trailing white space, and
    every "=" either a soft line break (last on its line) or an escape of two upper-case hex digits."""
    problems = []
    lines = encoded.split(b"\r\n")
    for number, line in enumerate(lines, 1):
        if b"\r" in line or b"\n" in line:
            problems.append(f"line {number}: a bare CR or LF")
        if len(line) > 76:
            problems.append(f"line {number}: {len(line)} characters, over 76")
        if line[-1:] in (b" ", b"\t"):
            problems.append(f"line {number}: ends in white space")
        for match in re.finditer(rb"=", line):
            at = match.start()
            if at == len(line) - 1:
                continue
            escape = line[at + 1:at + 3]
            if len(escape) < 2 or not all(byte in HEX for byte in escape):
                problems.append(f"line {number}, column {at + 1}: '=' starts no escape ({line[at:at + 3]!r})")
    return {"bytes": base64.b64encode(binascii.a2b_qp(encoded)).decode(), "problems": problems}


def encoded_word_problems(text):
    """What Python's decoders forgive in each encoded-word of `text`."""
    problems = []
    for charset, encoding, payload in ENCODED_WORD.findall(text):
        word = f"=?{charset}?{encoding}?{payload}?="
        try:
            if encoding in "Bb":
                raw = base64.b64decode(payload, validate=True)
            else:
                if re.search(r"=(?![0-9A-Fa-f]{2})", payload):
                    problems.append(f"{word}: '=' starts no escape")
                raw = binascii.a2b_qp(payload.encode("ascii"), header=True)
            raw.decode(charset)
        except (binascii.Error, ValueError, LookupError) as error:
            problems.append(f"{word}: {error}")
    return problems


def field(text):
    raw = text.encode("utf-8")
    name = raw.split(b":", 1)[0].decode("ascii")
    message = BytesParser(policy=policy.default).parsebytes(raw + b"\r\n\r\n")
    header = message[name]
    problems = [f"{type(d).__name__}: {d}" for d in message.defects]
    # NonPrintableDefect is about the decoded text (a control character, which the writer rightly
    # encodes), not about its encoding.
    problems += [f"{type(d).__name__}: {d}" for d in header._parse_tree.all_defects
                 if type(d).__name__ != "NonPrintableDefect"]
    unfolded = re.sub(r"\r\n(?=[ \t])", "", text)
    problems += encoded_word_problems(unfolded)
    return {"value": str(header), "problems": problems}


def phrase(text):
    return {"value": str(make_header(decode_header(text))), "problems": encoded_word_problems(text)}


def main():
    request = json.load(sys.stdin)
    json.dump({
        "quotedPrintable": [quoted_printable(base64.b64decode(item)) for item in request.get("quotedPrintable", [])],
        "fields": [field(item) for item in request.get("fields", [])],
        "phrases": [phrase(item) for item in request.get("phrases", [])],
    }, sys.stdout)


if __name__ == "__main__":
    main()
