#!/usr/bin/env python3
"""Checks notifications against events/notification.schema.json with the jsonschema package.

Reads a JSON array of notifications on standard input and prints a JSON array of booleans:
whether each one is valid under the schema (Draft 2020-12).
"""

import json
import pathlib
import sys

import jsonschema

schema_path = pathlib.Path(__file__).resolve().parent.parent.parent / "events" / "notification.schema.json"
schema = json.loads(schema_path.read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
print(json.dumps([validator.is_valid(message) for message in json.load(sys.stdin)]))
