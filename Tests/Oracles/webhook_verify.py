#!/usr/bin/env python3
"""Checks status webhook signatures with two independent implementations: Python's `hmac` as the
Standard Webhooks specification describes it, and the `standardwebhooks` package from PyPI.

stdin: JSON {"secret": "whsec_...", "deliveries": [{"headers": {name: value}, "body": base64}]}
stdout: JSON [{"hmac": bool, "standardwebhooks": bool, "error": str|null}] one per delivery.
"""
import base64
import hashlib
import hmac
import json
import sys

from standardwebhooks.webhooks import Webhook

request = json.load(sys.stdin)
secret = request["secret"]
key = base64.b64decode(secret.removeprefix("whsec_"))
results = []
for delivery in request["deliveries"]:
    headers = {name.lower(): value for name, value in delivery["headers"].items()}
    body = base64.b64decode(delivery["body"])
    signed = f'{headers["webhook-id"]}.{headers["webhook-timestamp"]}.'.encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    by_hmac = any(hmac.compare_digest(expected, candidate) for candidate in headers["webhook-signature"].split(" "))
    error = None
    try:
        Webhook(secret).verify(body, headers)
        by_package = True
    except Exception as exception:  # the package's verification error, or a malformed header
        by_package, error = False, str(exception)
    results.append({"hmac": by_hmac, "standardwebhooks": by_package, "error": error})
print(json.dumps(results))
