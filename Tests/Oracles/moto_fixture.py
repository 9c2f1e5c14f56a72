#!/usr/bin/env python3
"""Runs a moto server that checks SigV4 signatures, for the AWS client tests (SES, S3, DynamoDB, Secrets Manager).

Usage: moto_fixture.py [PORT]   (default 0: a free port)

Starts moto's ThreadedMotoServer on 127.0.0.1 and, while moto still accepts anything, sets up:
- IAM user `notifier` with an access key and a policy allowing `ses:*`, `dynamodb:*` and
  `secretsmanager:*` (for the AWS JSON protocol tests), and `s3:GetObject` on the objects of
  bucket `notifier-templates` only, and `s3:ListBucket` on it;
- role `notifier-sender` (same policy), assumed for session credentials;
- `sender@example.com` as a verified SES identity, and the domain `example.com` (so the
  notifier's sample events, sent from several @example.com addresses, are accepted);
- secret `notifier-action-links` (approval links' key) with an AWSCURRENT and an AWSPREVIOUS version;
- bucket `notifier-templates` holding the TEMPLATE_OBJECTS and, under `package/`, the
  project's own `templates/` folder; and bucket `notifier-private`, which
  the policy does not let the notifier read.
Then `POST /moto-api/reset-auth` with `0` makes moto authenticate every later request: it
recomputes the signature with botocore and refuses a mismatch with 403 SignatureDoesNotMatch.

Prints one JSON line: endpoint, region, accessKeyID, secretAccessKey, session {accessKeyID,
secretAccessKey, sessionToken}, verifiedSender, templateBucket, templateObjects [{key, body,
contentType, etag}], unreadableBucket, idempotencyTable, actionSecret {id, current,
previous}. Sent mail is readable at GET /moto-api/data.json.

moto checks an S3 signature against the request URL as its web framework decodes it, so a key
with characters other than letters, digits, `-._~`, `/` and space (`ü`, `+`, `=`, `%`, ...) is
refused with SignatureDoesNotMatch even when botocore signed it: such keys are not seeded.

Runs until standard input closes or the parent process dies, so a test run never leaves a server behind.
"""

import json
import os
import pathlib
import sys
import threading
import urllib.request

import boto3
from moto.server import ThreadedMotoServer

def check_signatures_against_the_query_as_sent():
    """moto checks a SigV4 signature against the URL as werkzeug decodes it, so a query value's
    `%2F` reaches botocore's canonicalisation as `/`; AWS canonicalises the query as sent,
    percent-encoded, and botocore's own clients sign it so. Without this, every correctly signed
    request with a `/` in a query value (ListObjectsV2's `delimiter=%2F`, `prefix=templates%2F`)
    would be refused. The check is given the query exactly as sent; paths are left as moto reads them.
    """
    from urllib.parse import urlparse

    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.core.responses import BaseResponse

    set_up_class = BaseResponse.setup_class
    authenticate = ActionAuthenticatorMixin._authenticate_and_authorize_action

    def setup_class(self, request, full_url, headers, *args, **kwargs):
        set_up_class(self, request, full_url, headers, *args, **kwargs)
        environ = getattr(request, "environ", None)
        self.query_as_sent = environ.get("QUERY_STRING") if environ else None

    def authenticate_against_query_as_sent(self, iam_request_cls, resource="*"):
        query = getattr(self, "query_as_sent", None)
        if not query:
            return authenticate(self, iam_request_cls, resource)
        decoded = self.uri
        self.uri = urlparse(decoded)._replace(query=query).geturl()
        try:
            return authenticate(self, iam_request_cls, resource)
        finally:
            self.uri = decoded

    BaseResponse.setup_class = setup_class
    ActionAuthenticatorMixin._authenticate_and_authorize_action = authenticate_against_query_as_sent


check_signatures_against_the_query_as_sent()

REGION = "us-east-1"
SENDER = "sender@example.com"
TEMPLATE_BUCKET = "notifier-templates"
UNREADABLE_BUCKET = "notifier-private"
IDEMPOTENCY_TABLE = "notifier-idempotency"
ACTION_SECRET = "notifier-action-links"
TEMPLATE_OBJECTS = [
    ("templates/order-received/subject.mustache", "Order {{id}} received", "text/plain; charset=utf-8"),
    ("templates/order-received/body.html.mustache",
     "<p>Grüße, {{customer}}! Order {{id}} is in — ✓</p>\n", "text/html; charset=utf-8"),
    ("templates/order shipped/subject.mustache", "Order {{id}} is on its way", "text/plain; charset=utf-8"),
]
NOTIFIER_POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "ses:*", "Resource": "*"},
        # For the AWS JSON 1.0 and 1.1 protocol tests; moto checks these actions against `*` only.
        {"Effect": "Allow", "Action": ["dynamodb:*", "secretsmanager:*"], "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{TEMPLATE_BUCKET}/*"},
        # Listing the template folders. template.yaml adds an s3:prefix condition, which moto
        # cannot check (it supplies no s3:prefix to its policy evaluation): DeploymentTemplateTests does.
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{TEMPLATE_BUCKET}"},
    ],
})
TRUST_POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
})


STATUS_TABLE = "notifier-message-status"


def set_up_message_status(setup):
    """The message status table as template.yaml declares it: key messageId, index idempotencyKey."""
    boto3.client("dynamodb", **setup).create_table(
        TableName=STATUS_TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "messageId", "AttributeType": "S"},
            {"AttributeName": "idempotencyKey", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "messageId", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "idempotencyKey",
            "KeySchema": [{"AttributeName": "idempotencyKey", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
    )
    return {"statusTable": STATUS_TABLE}


def set_up(endpoint):
    # Any credentials do while moto does not authenticate.
    setup = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="setup", aws_secret_access_key="setup")
    iam = boto3.client("iam", **setup)
    iam.create_user(UserName="notifier")
    iam.put_user_policy(UserName="notifier", PolicyName="send-email-read-templates", PolicyDocument=NOTIFIER_POLICY)
    key = iam.create_access_key(UserName="notifier")["AccessKey"]

    role = iam.create_role(RoleName="notifier-sender", AssumeRolePolicyDocument=TRUST_POLICY)["Role"]
    iam.put_role_policy(RoleName="notifier-sender", PolicyName="send-email-read-templates", PolicyDocument=NOTIFIER_POLICY)
    session = boto3.client("sts", **setup).assume_role(RoleArn=role["Arn"], RoleSessionName="notifier-test")["Credentials"]

    sesv2 = boto3.client("sesv2", **setup)
    sesv2.create_email_identity(EmailIdentity=SENDER)
    sesv2.create_email_identity(EmailIdentity="example.com")

    s3 = boto3.client("s3", **setup)
    s3.create_bucket(Bucket=TEMPLATE_BUCKET)
    template_objects = []
    for object_key, body, content_type in TEMPLATE_OBJECTS:
        put = s3.put_object(Bucket=TEMPLATE_BUCKET, Key=object_key, Body=body.encode(), ContentType=content_type)
        template_objects.append({"key": object_key, "body": body, "contentType": content_type, "etag": put["ETag"]})
    # The e-mail templates the function ships, as a deployer would copy them into the bucket
    # (`aws s3 sync templates/ ...`: the Mustache files, template.json, sample.json, locales/*.json).
    templates = pathlib.Path(__file__).resolve().parent.parent.parent / "templates"
    for path in sorted(p for p in templates.rglob("*") if p.is_file() and p.suffix in (".mustache", ".json")):
        object_key = "package/" + path.relative_to(templates).as_posix()
        s3.put_object(Bucket=TEMPLATE_BUCKET, Key=object_key, Body=path.read_bytes(), ContentType="text/plain; charset=utf-8")
    s3.create_bucket(Bucket=UNREADABLE_BUCKET)
    s3.put_object(Bucket=UNREADABLE_BUCKET, Key="templates/order-received/subject.mustache", Body=b"private")
    dynamodb = set_up_dynamodb(setup)
    message_status = set_up_message_status(setup)

    attachments = set_up_attachments(setup, iam)
    action_secret = set_up_action_link_secret(setup)

    enable_auth = urllib.request.Request(
        f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"}
    )
    with urllib.request.urlopen(enable_auth) as response:
        response.read()

    return {
        "endpoint": endpoint,
        "region": REGION,
        "accessKeyID": key["AccessKeyId"],
        "secretAccessKey": key["SecretAccessKey"],
        "session": {
            "accessKeyID": session["AccessKeyId"],
            "secretAccessKey": session["SecretAccessKey"],
            "sessionToken": session["SessionToken"],
        },
        "verifiedSender": SENDER,
        "templateBucket": TEMPLATE_BUCKET,
        "templateObjects": template_objects,
        "unreadableBucket": UNREADABLE_BUCKET,
        **dynamodb,
        **message_status,
        "attachments": attachments,
        "actionSecret": action_secret,
    }


ATTACHMENT_BUCKET = "acube-invoices"
# Readable by the notifier's IAM policy, but not listed in the function's NOTIFIER_ATTACHMENT_SOURCES
# in the tests: the allow-list, not IAM, must refuse it.
ATTACHMENT_OTHER_BUCKET = "acube-other"
# A PDF-like object of random bytes, one with a space in its key, and one over SES's 40 MB once encoded.
ATTACHMENT_OBJECTS = [
    ("2026/12/12345.pdf", 300_000, "application/pdf"),
    ("2026/12/credit note 7.pdf", 70_000, "application/pdf; charset=binary"),
    ("2026/12/huge.bin", 31 * 1024 * 1024, "application/octet-stream"),
]


def set_up_attachments(setup, iam):
    """Issue 17: bucket `acube-invoices` with ATTACHMENT_OBJECTS, readable by the notifier; bucket
    `acube-other`, also readable; SQS queue `notifier-large` and IAM user `producer`, who may send to
    it and put objects in `acube-invoices` (the SQS extended client)."""
    import hashlib
    import random

    iam.put_user_policy(UserName="notifier", PolicyName="read-attachments", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [
            f"arn:aws:s3:::{ATTACHMENT_BUCKET}/*", f"arn:aws:s3:::{ATTACHMENT_OTHER_BUCKET}/*"]}],
    }))
    iam.create_user(UserName="producer")
    iam.put_user_policy(UserName="producer", PolicyName="send-large", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"},
            {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": f"arn:aws:s3:::{ATTACHMENT_BUCKET}/*"},
        ],
    }))
    producer = iam.create_access_key(UserName="producer")["AccessKey"]

    s3 = boto3.client("s3", **setup)
    s3.create_bucket(Bucket=ATTACHMENT_BUCKET)
    s3.create_bucket(Bucket=ATTACHMENT_OTHER_BUCKET)
    rng = random.Random(17)
    objects = []
    for object_key, size, content_type in ATTACHMENT_OBJECTS:
        body = rng.randbytes(size) if size < 1_000_000 else bytes(size)
        s3.put_object(Bucket=ATTACHMENT_BUCKET, Key=object_key, Body=body, ContentType=content_type)
        objects.append({"key": object_key, "size": size, "contentType": content_type, "sha256": hashlib.sha256(body).hexdigest()})
    s3.put_object(Bucket=ATTACHMENT_OTHER_BUCKET, Key="2026/12/12345.pdf", Body=b"%PDF-1.4 other", ContentType="application/pdf")
    queue = boto3.client("sqs", **setup).create_queue(QueueName="notifier-large")["QueueUrl"]
    return {
        "bucket": ATTACHMENT_BUCKET,
        "otherBucket": ATTACHMENT_OTHER_BUCKET,
        "objects": objects,
        "queueURL": queue,
        "producerAccessKeyID": producer["AccessKeyId"],
        "producerSecretAccessKey": producer["SecretAccessKey"],
    }


def set_up_dynamodb(setup):
    """The idempotency table as template.yaml declares it: partition key `id` (String), on-demand,
    TTL on `expiration`. moto never expires items by TTL, so the tests exercise the claim's own
    expiry condition. Tests keep apart by function name, which scopes every key."""
    dynamodb = boto3.client("dynamodb", **setup)
    dynamodb.create_table(
        TableName=IDEMPOTENCY_TABLE,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.update_time_to_live(
        TableName=IDEMPOTENCY_TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiration"}
    )
    return {"idempotencyTable": IDEMPOTENCY_TABLE}


def set_up_action_link_secret(setup):
    """The approval links' secret, rotated once: AWSCURRENT and AWSPREVIOUS are both there.

    Generated as the SAM template's AWS::SecretsManager::Secret generates it (GetRandomPassword,
    64 characters without punctuation); returns its name and both versions' text, so that the
    tests can seal links as the function would.
    """
    secrets = boto3.client("secretsmanager", **setup)
    def generated():
        return secrets.get_random_password(PasswordLength=64, ExcludePunctuation=True)["RandomPassword"]
    previous, current = generated(), generated()
    secrets.create_secret(Name=ACTION_SECRET, SecretString=previous)
    secrets.put_secret_value(SecretId=ACTION_SECRET, SecretString=current)
    return {"id": ACTION_SECRET, "current": current, "previous": previous}


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    parent = os.getppid()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(json.dumps(set_up(f"http://{host}:{port}")), flush=True)

    stdin_closed = threading.Event()

    def wait_for_stdin_to_close():
        sys.stdin.buffer.read()
        stdin_closed.set()

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()
    while not stdin_closed.wait(0.5):
        if os.getppid() != parent:
            break
    server.stop()


if __name__ == "__main__":
    main()
