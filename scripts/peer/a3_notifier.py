"""The benchmark's peer: the A3-Shared-Notifier behaviour, written anew in Python 3.

What a typical Python notifier on Lambda does, so that BENCHMARKS.md can compare the Swift
function with it under the same Runtime API server and the same SES endpoint:

- triggers: SQS batches (`{"batchItemFailures": [...]}` naming the records not sent), SNS
  (`Sns.Message` is the notification) and direct invocation (`{"messageId": ...}`);
- A3 message fields: `sender`, `recipients`, `subject`, `text_content`, `html_content`
  (`bucket_name` ignored), plus `attachments` (`filename`, `contentType`, base64 `content`) so
  that the large-message figures can be compared;
- validation of every field, all problems reported together;
- MIME built with the standard `email` package (text + HTML alternative, attachments);
- sent with boto3 `sesv2.send_email` raw content, one message after another, one JSON log
  line per message.

Run under AWS's runtime interface client: `python -m awslambdaric a3_notifier.handler`, with
`AWS_LAMBDA_RUNTIME_API` set and the SES endpoint in `AWS_ENDPOINT_URL_SESV2`.
"""

import base64
import binascii
import json
import logging
import os
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid, parseaddr

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)

# Created once per execution environment, as AWS recommends, so warm invocations reuse its
# connection pool.
sesv2 = boto3.client("sesv2")
DEFAULT_SENDER = os.environ.get("NOTIFIER_DEFAULT_FROM")
MAX_RECIPIENTS = 50


class ValidationError(Exception):
    def __init__(self, errors):
        super().__init__(json.dumps({"errors": errors}))
        self.errors = errors


def handler(event, context):
    records = event.get("Records") if isinstance(event, dict) else None
    if records:
        source = records[0].get("eventSource") or records[0].get("EventSource")
        if source == "aws:sqs":
            return process_sqs(records)
        if source == "aws:sns":
            return process_sns(records)
        raise ValueError(f"unsupported event source {source!r}")
    return {"messageId": send(event, source="direct", message_id=None)}


def process_sqs(records):
    failures = []
    for record in records:
        try:
            send(json.loads(record["body"]), source="sqs", message_id=record["messageId"])
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def process_sns(records):
    ids = []
    for record in records:
        sns = record["Sns"]
        notification = json.loads(sns["Message"])
        if "subject" not in notification and sns.get("Subject"):
            notification["subject"] = sns["Subject"]
        ids.append(send(notification, source="sns", message_id=sns.get("MessageId")))
    return {"messageIds": ids}


def send(notification, source, message_id):
    message, sender, recipients = build_message(notification)
    response = sesv2.send_email(
        FromEmailAddress=sender,
        Destination={"ToAddresses": recipients},
        Content={"Raw": {"Data": message.as_bytes()}},
    )
    ses_message_id = response["MessageId"]
    logger.info(json.dumps({
        "event_type": "email_sent",
        "data": {
            "source": source,
            "sourceMessageId": message_id,
            "sesMessageId": ses_message_id,
            "recipients": len(recipients),
        },
    }))
    return ses_message_id


def build_message(notification):
    if not isinstance(notification, dict):
        raise ValidationError([{"field": "", "message": "must be a JSON object"}])
    errors = []

    sender = notification.get("sender") or DEFAULT_SENDER
    sender_address = address_of(sender)
    if sender_address is None:
        errors.append({"field": "sender", "message": "must be an e-mail address"})

    recipients = notification.get("recipients")
    if isinstance(recipients, str):
        recipients = [recipients]
    recipient_addresses = []
    if not isinstance(recipients, list) or not recipients:
        errors.append({"field": "recipients", "message": "needs at least one address"})
        recipients = []
    elif len(recipients) > MAX_RECIPIENTS:
        errors.append({"field": "recipients", "message": f"at most {MAX_RECIPIENTS} addresses"})
    for index, recipient in enumerate(recipients):
        address = address_of(recipient)
        if address is None:
            errors.append({"field": f"recipients[{index}]", "message": "must be an e-mail address"})
        else:
            recipient_addresses.append(address)

    subject = notification.get("subject")
    if not isinstance(subject, str) or not subject.strip():
        errors.append({"field": "subject", "message": "is required"})
    elif "\r" in subject or "\n" in subject or len(subject.encode()) > 998:
        errors.append({"field": "subject", "message": "must be one line of at most 998 octets"})

    text = notification.get("text_content")
    html = notification.get("html_content")
    if not text and not html:
        errors.append({"field": "text_content", "message": "text_content or html_content is required"})

    attachments = []
    for index, attachment in enumerate(notification.get("attachments") or []):
        try:
            content = base64.b64decode(attachment["content"], validate=False)
            maintype, subtype = attachment.get("contentType", "application/octet-stream").split("/", 1)
            attachments.append((attachment["filename"], maintype, subtype, content))
        except (KeyError, ValueError, TypeError, binascii.Error):
            errors.append({"field": f"attachments[{index}]", "message": "needs a filename and base64 content"})

    if errors:
        raise ValidationError(errors)

    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender_address.rsplit("@", 1)[1])
    if text and html:
        message.set_content(text)
        message.add_alternative(html, subtype="html")
    elif html:
        message.set_content(html, subtype="html")
    else:
        message.set_content(text)
    for filename, maintype, subtype, content in attachments:
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message, sender_address, recipient_addresses


def address_of(value):
    """The bare address of `addr` or `Name <addr>`, or None when it is not one address."""
    if not isinstance(value, str) or "\r" in value or "\n" in value:
        return None
    if len(getaddresses([value])) != 1:
        return None
    _, address = parseaddr(value)
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain or " " in address:
        return None
    return address
