#!/usr/bin/env python3
"""Puts an object of SIZE random bytes into moto's S3 and prints its SHA-256 in hex.

Usage: s3_put_random.py ENDPOINT REGION ACCESS_KEY_ID SECRET_ACCESS_KEY BUCKET KEY SIZE"""

import hashlib
import os
import sys

import boto3

endpoint, region, key_id, secret, bucket, key, size = sys.argv[1:8]
body = os.urandom(int(size))
boto3.client("s3", endpoint_url=endpoint, region_name=region, aws_access_key_id=key_id,
             aws_secret_access_key=secret).put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/pdf")
print(hashlib.sha256(body).hexdigest())
