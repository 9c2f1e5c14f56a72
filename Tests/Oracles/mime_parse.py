#!/usr/bin/env python3
"""Independent oracle for the MIME writer.

Reads one raw message on standard input, parses it with Python's own e-mail
package (BytesParser, policy.default: the strict, modern parser) and prints, as
JSON, what a mail client would make of it: every defect the parser noted, the
decoded headers, addresses, bodies and attachments, and the raw-byte facts
(longest line, ASCII only, stray CR or LF).
"""

import base64
import binascii
import hashlib
import json
import sys
from email import policy
from email.parser import BytesParser


def defects_of(part, path):
    """Defects of the part itself and of each of its headers."""
    found = [{"part": path, "header": None, "defect": f"{type(d).__name__}: {d}"} for d in part.defects]
    for name, value in part.items():
        for defect in getattr(value, "defects", ()):
            found.append({"part": path, "header": name, "defect": f"{type(defect).__name__}: {defect}"})
    return found


def addresses(message, name):
    header = message[name]
    if header is None:
        return []
    return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]


def strict_base64(part, path, defects):
    """Decodes a base64 body strictly: lines of at most 76 characters, nothing but the alphabet."""
    text = part.get_payload(decode=False)
    lines = [line for line in text.splitlines() if line]
    for line in lines:
        if len(line) > 76:
            defects.append({"part": path, "header": None, "defect": f"base64 line of {len(line)} characters"})
    try:
        return base64.b64decode("".join(lines), validate=True)
    except binascii.Error as error:
        defects.append({"part": path, "header": None, "defect": f"invalid base64: {error}"})
        return part.get_payload(decode=True) or b""


def main():
    raw = sys.stdin.buffer.read()
    message = BytesParser(policy=policy.default).parsebytes(raw)

    defects = []
    result = {
        "subject": str(message["subject"]) if message["subject"] is not None else None,
        "from": addresses(message, "from"),
        "to": addresses(message, "to"),
        "cc": addresses(message, "cc"),
        "replyTo": addresses(message, "reply-to"),
        "headers": [[name, str(value)] for name, value in message.items()],
        "date": message["date"].datetime.isoformat() if message["date"] is not None else None,
        "messageID": str(message["message-id"]) if message["message-id"] is not None else None,
        "text": None,
        "html": None,
        "attachments": [],
    }

    def walk(part, path):
        defects.extend(defects_of(part, path))
        content_type = part.get_content_type()
        if part.is_multipart():
            children = [walk(child, f"{path}.{index}") for index, child in enumerate(part.iter_parts(), 1)]
            return f"{content_type}({','.join(children)})"
        disposition = part.get_content_disposition()
        is_body = content_type in ("text/plain", "text/html") and disposition is None
        key = "text" if content_type == "text/plain" else "html"
        if is_body and result[key] is None:
            # Line breaks are compared as the writer promises them: any style in, CRLF out.
            result[key] = part.get_content().replace("\r\n", "\n")
        else:
            data = strict_base64(part, path, defects) if part["content-transfer-encoding"] == "base64" else part.get_payload(decode=True)
            result["attachments"].append({
                "filename": part.get_filename(),
                "legacyName": part.get_param("name"),
                "contentType": content_type,
                "disposition": disposition,
                "contentID": str(part["content-id"]) if part["content-id"] is not None else None,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            })
        return content_type

    result["tree"] = walk(message, "1")
    result["defects"] = defects

    lines = raw.split(b"\r\n")
    header_block = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    result["maxLineLength"] = max(len(line) for line in lines)
    result["maxHeaderLineLength"] = max(len(line) for line in header_block)
    result["isASCII"] = raw.isascii()
    result["strayLineBreaks"] = raw.replace(b"\r\n", b"").count(b"\r") + raw.replace(b"\r\n", b"").count(b"\n")

    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
