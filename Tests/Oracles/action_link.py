#!/usr/bin/env python3
"""An independent implementation of the approval links' token, with the `cryptography` package.

Usage:
  action_link.py seal SECRET   < claim.json   prints the token of the claim
  action_link.py open SECRET TOKEN             prints the claim, or {"error": "..."}

The format (Sources/ActionLinks/SealedActionLink.swift): unpadded base64url of
`0x01 || key id (4 bytes) || nonce (12 bytes) || AES-256-GCM ciphertext || tag (16 bytes)`, the
first five bytes as additional data. Key = HMAC-SHA256(secret, "notifier action links: encryption
key"), key id = the first four bytes of HMAC-SHA256(secret, "notifier action links: key id").
The claim is compact JSON: t (task token), a (action), l (label), k (success|failure|heartbeat),
o (output), e (error), c (cause), x (expiry, Unix seconds), m (message id).

Fuzz/seeds.py imports it to write valid links as seeds.
"""

import base64
import hashlib
import hmac
import json
import os
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def key_and_id(secret):
    material = secret.encode()
    key = hmac.new(material, b"notifier action links: encryption key", hashlib.sha256).digest()
    key_id = hmac.new(material, b"notifier action links: key id", hashlib.sha256).digest()[:4]
    return key, key_id


def seal(secret, claim, nonce=None):
    key, key_id = key_and_id(secret)
    header = b"\x01" + key_id
    nonce = nonce or os.urandom(12)
    plaintext = json.dumps(claim, separators=(",", ":"), ensure_ascii=False).encode()
    sealed = AESGCM(key).encrypt(nonce, plaintext, header)
    return base64.urlsafe_b64encode(header + nonce + sealed).decode().rstrip("=")


def open_link(secret, token):
    key, key_id = key_and_id(secret)
    if any(character in token for character in "+/= \n"):
        return {"error": "not base64url"}
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    if len(raw) < 5 + 12 + 16 or raw[0] != 1 or raw[1:5] != key_id:
        return {"error": "not a link of this key"}
    try:
        plaintext = AESGCM(key).decrypt(raw[5:17], raw[17:], raw[:5])
    except Exception:  # cryptography raises InvalidTag
        return {"error": "authentication failed"}
    return json.loads(plaintext)


def main():
    command, secret = sys.argv[1], sys.argv[2]
    if command == "seal":
        print(seal(secret, json.load(sys.stdin)))
    else:
        print(json.dumps(open_link(secret, sys.argv[3])))


if __name__ == "__main__":
    main()
