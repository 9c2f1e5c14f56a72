#!/usr/bin/env python3
"""Translates template.yaml with AWS's own SAM translator (aws-sam-translator, what CloudFormation
runs for `Transform: AWS::Serverless-2016-10-31`) and prints, as JSON, the facts the security tests
check in the resulting CloudFormation:

- routes: every API Gateway operation (path, method) and the security it requires;
- securityDefinitions of the REST API;
- statements: every IAM statement of every role (effect, actions, resources as JSON text),
  including SAM-generated roles and managed policy ARNs;
- tables: every DynamoDB table (logical name, condition, deletion policies, properties as JSON text);
- environment: the function's environment variables, each as JSON text.
"""

import json
import os
import pathlib
import sys

import yaml
from samtranslator.translator.transform import transform


class Loader(yaml.SafeLoader):
    pass


def intrinsic(loader, tag, node):
    """CloudFormation's short tags (!Ref, !Sub, !GetAtt...) as the long form the translator reads."""
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if tag == "Ref":
        return {"Ref": value}
    if tag == "GetAtt" and isinstance(value, str):
        return {"Fn::GetAtt": value.split(".", 1)}
    return {"Fn::" + tag: value}


class NoManagedPolicies:
    def load(self):
        return {}


Loader.add_multi_constructor("!", intrinsic)
root = pathlib.Path(__file__).resolve().parents[2]
template = yaml.load((root / "template.yaml").read_text(), Loader=Loader)
# The translator wants an S3 location for code; `sam deploy` puts the uploaded package there.
for resource in template["Resources"].values():
    if resource.get("Type") == "AWS::Serverless::Function":
        resource["Properties"]["CodeUri"] = "s3://bucket/notifier.zip"
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
output = transform(template, {}, NoManagedPolicies())

routes, security_definitions, statements, tables, environment = [], {}, [], [], {}
for name, resource in output["Resources"].items():
    kind, properties = resource["Type"], resource.get("Properties", {})
    if kind == "AWS::DynamoDB::Table":
        tables.append({
            "name": name, "condition": resource.get("Condition"), "deletionPolicy": resource.get("DeletionPolicy"),
            "updateReplacePolicy": resource.get("UpdateReplacePolicy"), "properties": json.dumps(properties, sort_keys=True),
        })
    if kind == "AWS::Lambda::Function":
        for variable, value in properties.get("Environment", {}).get("Variables", {}).items():
            environment[variable] = json.dumps(value, sort_keys=True)
    if kind == "AWS::ApiGateway::RestApi":
        body = properties.get("Body", {})
        security_definitions.update(body.get("securityDefinitions", {}))
        for path, operations in body.get("paths", {}).items():
            for method, operation in operations.items():
                routes.append({"api": name, "path": path, "method": method, "security": json.dumps(operation.get("security"))})
    elif kind == "AWS::ApiGateway::Method":
        routes.append({"api": name, "path": "?", "method": properties.get("HttpMethod"), "security": json.dumps(properties.get("ApiKeyRequired"))})
    elif kind == "AWS::IAM::Role":
        for arn in properties.get("ManagedPolicyArns", []):
            statements.append({"role": name, "effect": "Allow", "actions": ["managed:" + json.dumps(arn)], "resources": "\"*\""})
        for policy in properties.get("Policies", []):
            policy = policy.get("Fn::If", [None, policy])[1] if "Fn::If" in policy else policy
            for statement in policy.get("PolicyDocument", {}).get("Statement", []):
                actions = statement.get("Action")
                statements.append({
                    "role": name, "effect": statement.get("Effect"),
                    "actions": actions if isinstance(actions, list) else [actions],
                    "resources": json.dumps(statement.get("Resource")),
                })

print(json.dumps({"routes": routes, "securityDefinitions": {k: json.dumps(v) for k, v in security_definitions.items()}, "statements": statements,
                  "tables": tables, "environment": environment}))
