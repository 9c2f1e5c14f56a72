#!/usr/bin/env python3
"""Signs a webhook body (standard input) the way a sender would, with Python's own hmac module,
and prints the signature header's value.

usage: webhook_sign.py SECRET SCHEME [TIMESTAMP]
  timestamped: t=<TIMESTAMP>,v1=<hex HMAC-SHA256 of "<TIMESTAMP>.<body>">
  sha256:      sha256=<hex HMAC-SHA256 of the body>
"""

import hashlib
import hmac
import sys

secret, scheme = sys.argv[1].encode(), sys.argv[2]
body = sys.stdin.buffer.read()
if scheme == "timestamped":
    timestamp = sys.argv[3]
    digest = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    print(f"t={timestamp},v1={digest}", end="")
elif scheme == "sha256":
    print("sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest(), end="")
else:
    sys.exit(f"unknown scheme {scheme}")
