#!/usr/bin/env python3
"""Checks a SendEmail request body against botocore's SES v2 service model.

Reads a JSON request body on standard input (as a client sends it: `Content.Raw.Data` in base64),
validates it as SendEmail parameters with botocore's parameter validator (unknown or misspelt
fields and wrong types are errors: exit status 1, the problems on stderr), serialises the same
parameters as botocore would, and prints JSON: {"method", "path", "signingName", "body"}, where
`body` is the document botocore would send.
"""

import base64
import json
import sys

import botocore.session
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator


def main():
    params = json.load(sys.stdin)
    raw = params["Content"]["Raw"]
    raw["Data"] = base64.b64decode(raw["Data"])

    model = botocore.session.get_session().get_service_model("sesv2")
    operation = model.operation_model("SendEmail")
    report = ParamValidator().validate(params, operation.input_shape)
    if report.has_errors():
        sys.exit(report.generate_report())
    request = create_serializer(model.metadata["protocol"]).serialize_to_request(params, operation)
    json.dump({
        "method": request["method"],
        "path": request["url_path"],
        "signingName": model.signing_name,
        "body": json.loads(request["body"]),
    }, sys.stdout)


if __name__ == "__main__":
    main()
