#!/usr/bin/env python3
"""Shows how botocore addresses and signs S3 GetObject requests.

Reads one JSON document on standard input:
  {"region", "endpoint" (absent for AWS), "accessKeyID", "secretAccessKey", "sessionToken" (optional),
   "unixTime", "requests": [{"bucket", "key", "ifNoneMatch" (optional)}]}

Prints {"requests": [{"url", "canonicalRequest", "headers": {lower-cased name: value}}]}, one per
request, in order:
- url: where botocore's own S3 client sends GetObject (its serializer encodes the key; path-style
  addressing under a custom endpoint, botocore's default choice at AWS), caught before sending;
- canonicalRequest and headers: that URL, with If-None-Match when given, signed by botocore's
  S3SigV4Auth at unixTime; headers are the fields the signer added (authorization, x-amz-date,
  x-amz-content-sha256, x-amz-security-token).

botocore's client also signs headers of its own (amz-sdk-invocation-id, x-amz-checksum-mode), so
the request is signed again with only the fields an S3 client needs to send.
"""

import datetime
import json
import sys
from unittest import mock

import botocore.auth
import botocore.session
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials


class Caught(Exception):
    def __init__(self, url):
        super().__init__(url)
        self.url = url


def catch_before_sending(request, **_):
    raise Caught(request.url)


def botocore_url(client, bucket, key):
    try:
        client.get_object(Bucket=bucket, Key=key)
    except Caught as caught:
        return caught.url
    raise RuntimeError("botocore sent GetObject without the before-send hook seeing it")


def main():
    spec = json.load(sys.stdin)
    credentials = Credentials(spec["accessKeyID"], spec["secretAccessKey"], spec.get("sessionToken"))
    addressing = {"addressing_style": "path"} if spec.get("endpoint") else {}
    client = botocore.session.get_session().create_client(
        "s3",
        region_name=spec["region"],
        endpoint_url=spec.get("endpoint"),
        aws_access_key_id=credentials.access_key,
        aws_secret_access_key=credentials.secret_key,
        aws_session_token=credentials.token,
        config=Config(s3=addressing, retries={"max_attempts": 1}),
    )
    client.meta.events.register("before-send.s3.GetObject", catch_before_sending)
    signed_at = datetime.datetime.fromtimestamp(spec["unixTime"], tz=datetime.timezone.utc).replace(tzinfo=None)

    results = []
    for wanted in spec["requests"]:
        url = botocore_url(client, wanted["bucket"], wanted["key"])
        request = AWSRequest(method="GET", url=url)
        if wanted.get("ifNoneMatch") is not None:
            request.headers["If-None-Match"] = wanted["ifNoneMatch"]
        signer = S3SigV4Auth(credentials, "s3", spec["region"])
        seen = {}
        original_string_to_sign = signer.string_to_sign

        def recording_string_to_sign(request, canonical_request):
            seen["canonicalRequest"] = canonical_request
            return original_string_to_sign(request, canonical_request)

        signer.string_to_sign = recording_string_to_sign
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=signed_at):
            signer.add_auth(request)
        added = {name.lower(): request.headers[name] for name in
                 ["Authorization", "X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token"]
                 if request.headers.get(name) is not None}
        results.append({"url": url, "canonicalRequest": seen["canonicalRequest"], "headers": added})
    json.dump({"requests": results}, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
