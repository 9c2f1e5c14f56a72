#!/usr/bin/env python3
"""Sends notifications through the real Amazon SQS Extended Client (`amazon-sqs-extended-client`
on PyPI) to moto's SQS and S3, reads them back from the queue as Lambda's poller does (plain
boto3, so the bodies are the pointers the extended client wrote), and prints the Lambda SQS
event for them.

Usage: sqs_extended_send.py ENDPOINT REGION QUEUE_URL BUCKET ACCESS_KEY_ID SECRET_ACCESS_KEY [--legacy]
Reads the notifications, a JSON array, on standard input. `--legacy` makes the client write the
legacy Java class name and the `SQSLargePayloadSize` attribute.
"""

import json
import sys

import boto3

# Lambda's poller reads the queue without the extended client: keep boto3's own session class
# before the import replaces it with the extended client's.
PlainSession = boto3.session.Session
import sqs_extended_client  # noqa: E402,F401  (replaces boto3's Session)


def main():
    endpoint, region, queue_url, bucket, key_id, secret = sys.argv[1:7]
    legacy = "--legacy" in sys.argv[7:]
    notifications = json.load(sys.stdin)
    credentials = dict(endpoint_url=endpoint, region_name=region, aws_access_key_id=key_id, aws_secret_access_key=secret)

    extended = boto3.client("sqs", **credentials)
    extended.large_payload_support = bucket
    extended.always_through_s3 = True
    extended.use_legacy_attribute = legacy
    extended.s3_client = boto3.client("s3", **credentials)
    for notification in notifications:
        extended.send_message(QueueUrl=queue_url, MessageBody=json.dumps(notification))

    plain = PlainSession().client("sqs", **credentials)
    records = []
    while len(records) < len(notifications):
        answer = plain.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, MessageAttributeNames=["All"],
                                       AttributeNames=["All"], WaitTimeSeconds=1)
        for message in answer.get("Messages", []):
            attributes = {
                name: {"stringValue": value.get("StringValue"), "dataType": value["DataType"],
                       "stringListValues": [], "binaryListValues": []}
                for name, value in message.get("MessageAttributes", {}).items()
            }
            records.append({
                "messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"], "body": message["Body"],
                "attributes": message.get("Attributes", {}), "messageAttributes": attributes,
                "md5OfBody": message["MD5OfBody"], "eventSource": "aws:sqs",
                "eventSourceARN": f"arn:aws:sqs:{region}:123456789012:notifier-large", "awsRegion": region,
            })
            plain.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    json.dump({"Records": records}, sys.stdout)


if __name__ == "__main__":
    main()
