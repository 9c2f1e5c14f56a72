#!/usr/bin/env python3
"""Presigns S3 GetObject URLs with botocore's `generate_presigned_url`.

Usage: presign_corpus.py SEED COUNT

Prints one JSON document: {"cases": [...]}. Each case holds the inputs (endpoint or none for AWS,
addressing style, region, credentials, Unix time, bucket, key, optional versionId, expiry) and the
URL botocore wrote. Keys mix spaces, `+`, non-ASCII letters, slashes and every printable ASCII
mark; buckets include names with dots, which go path-style at AWS (their names are not host
labels the `*.s3` certificate covers) as in `S3Client.objectURL`.

Left out on purpose: keys with `.` or `..` segments (S3Client refuses them: libcurl would resolve
them before sending) and keys starting with `/` (botocore then writes `//`).
"""

import datetime
import json
import random
import sys
from unittest import mock

import boto3
import botocore.auth
from botocore.config import Config

TIMESTAMPS = [
    datetime.datetime(2015, 8, 30, 12, 36, 0),
    datetime.datetime(2024, 2, 29, 23, 59, 59),
    datetime.datetime(2026, 12, 31, 23, 59, 59),
]
REGIONS = ["us-east-1", "eu-west-1", "eu-south-1", "ap-southeast-2"]
BUCKETS = ["acube-invoices", "my.dotted.bucket", "a-b-c", "invoices2026"]
ENDPOINTS = [None, "http://127.0.0.1:5000", "https://s3.example.test:8443"]
PIECES = list("abcdefghijklmnopqrstuvwxyz0123456789") + [" ", "+", "/", "%", "&", "=", "?", "#", "~", "!", "'",
                                                         "(", ")", "*", ",", ";", ":", "@", "$", "[", "]", "é", "ü", "日本", "€", "😀"]


def random_key(rng):
    while True:
        key = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 24)))
        segments = key.split("/")
        if key.startswith("/") or any(s in (".", "..") for s in segments):
            continue
        return key


def main():
    seed, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    fixed = ["invoice 12345.pdf", "2026/12/a+b.pdf", "Rechnung-März €.pdf", "日本/請求書.pdf"]
    cases = []
    for index in range(count):
        endpoint = rng.choice(ENDPOINTS)
        region = rng.choice(REGIONS)
        bucket = rng.choice(BUCKETS)
        key = fixed[index] if index < len(fixed) else random_key(rng)
        token = rng.choice([None, "FwoGZXIvYXdzEJr//////////wEaDH+token/with=chars"])
        version = rng.choice([None, "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", "null"])
        expires = rng.choice([1, 60, 3600, 43200, 604800])
        moment = rng.choice(TIMESTAMPS)
        style = "path" if endpoint is not None or "." in bucket else "virtual"
        client = boto3.client(
            "s3", region_name=region, endpoint_url=endpoint,
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            aws_session_token=token,
            config=Config(signature_version="s3v4", s3={"addressing_style": style, "us_east_1_regional_endpoint": "regional"}))
        params = {"Bucket": bucket, "Key": key}
        if version is not None:
            params["VersionId"] = version
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=moment):
            url = client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires)
        cases.append({
            "index": index, "endpoint": endpoint, "region": region, "bucket": bucket, "key": key,
            "versionId": version, "sessionToken": token, "expiresIn": expires,
            "unixTime": int(moment.replace(tzinfo=datetime.timezone.utc).timestamp()), "url": url,
        })
    json.dump({"cases": cases}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
