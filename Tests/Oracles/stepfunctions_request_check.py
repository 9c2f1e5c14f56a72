#!/usr/bin/env python3
"""Checks one request a client sent to the fake Step Functions endpoint, with botocore as the oracle.

Usage: stepfunctions_request_check.py < request.json

Input: {"method", "path", "headers": [[name, value], ...], "body": base64, "accessKeyID",
"secretAccessKey", "sessionToken" (or null), "region"}.

1. The signature: botocore's SigV4Auth (service `states`) signs the same method, path, body and
   the header fields the request's Authorization names, at the request's X-Amz-Date; its
   Authorization must equal the one sent, byte for byte.
2. The call: X-Amz-Target must be `AWSStepFunctions.<Operation>` of an operation in botocore's
   Step Functions model, Content-Type `application/x-amz-json-1.0`, and the JSON body must
   satisfy the operation's input shape: botocore's parameter validator (required members, no
   unknown ones, types, minimum lengths) and the model's maximum lengths, which that validator
   does not check.

Prints {"operation": name or null, "problems": [...]} ; no problems means the request is valid.
"""

import base64
import datetime
import json
import sys
from unittest import mock

import botocore.auth
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.validate import ParamValidator


def header(headers, name):
    for key, value in headers:
        if key.lower() == name.lower():
            return value
    return None


def check_signature(request, problems):
    headers = request["headers"]
    authorization = header(headers, "Authorization")
    amz_date = header(headers, "X-Amz-Date")
    if not authorization or not amz_date:
        problems.append("no Authorization or X-Amz-Date header")
        return
    try:
        signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
    except IndexError:
        problems.append(f"Authorization without SignedHeaders: {authorization}")
        return
    for required in ("host", "x-amz-date", "x-amz-target", "content-type"):
        if required not in signed:
            problems.append(f"{required} is not signed")
    host = header(headers, "Host")
    url = f"http://{host}{request['path']}"
    body = base64.b64decode(request["body"])
    to_sign = [(name, value) for name, value in headers if name.lower() in signed and name.lower() != "host"]
    aws_request = AWSRequest(method=request["method"], url=url, data=body, headers=dict(to_sign))
    credentials = Credentials(request["accessKeyID"], request["secretAccessKey"], request.get("sessionToken"))
    signer = SigV4Auth(credentials, "states", request["region"])
    timestamp = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=timestamp):
        signer.add_auth(aws_request)
    expected = aws_request.headers["Authorization"]
    if expected != authorization:
        problems.append(f"signature mismatch: botocore signs {expected}, the request carries {authorization}")


def check_max_lengths(shape, value, path, problems):
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                check_max_lengths(member, value[name], f"{path}.{name}", problems)
    elif shape.type_name == "string" and isinstance(value, str):
        maximum = shape.metadata.get("max")
        if maximum is not None and len(value) > maximum:
            problems.append(f"{path} is {len(value)} characters; the model allows {maximum}")


def check_call(request, problems):
    headers = request["headers"]
    target = header(headers, "X-Amz-Target") or ""
    if header(headers, "Content-Type") != "application/x-amz-json-1.0":
        problems.append(f"Content-Type is {header(headers, 'Content-Type')!r}")
    model = botocore.session.get_session().get_service_model("stepfunctions")
    prefix, _, operation = target.partition(".")
    if prefix != model.metadata["targetPrefix"] or operation not in model.operation_names:
        problems.append(f"X-Amz-Target {target!r} is no Step Functions operation")
        return None
    try:
        params = json.loads(base64.b64decode(request["body"]))
    except ValueError as error:
        problems.append(f"the body is not JSON: {error}")
        return operation
    shape = model.operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    if report.has_errors():
        problems.append(report.generate_report())
    check_max_lengths(shape, params, "input", problems)
    return operation


def main():
    request = json.load(sys.stdin)
    problems = []
    check_signature(request, problems)
    operation = check_call(request, problems)
    print(json.dumps({"operation": operation, "problems": problems}))


if __name__ == "__main__":
    main()
