#!/usr/bin/env python3
"""Translates template.yaml with AWS's own SAM translator (aws-sam-translator, what CloudFormation
runs for `Transform: AWS::Serverless-2016-10-31`) and prints, as JSON, the facts the security tests
check in the resulting CloudFormation:

- routes: every API Gateway operation (path, method) and the security it requires;
- securityDefinitions of the REST API;
- statements: every IAM statement of every role (effect, actions, resources as JSON text),
  including SAM-generated roles and managed policy ARNs;
- stateMachines: each state machine's definition (JSON text, before substitutions) and role;
- secrets: each Secrets Manager secret's GenerateSecretString (JSON text);
- environments: each function's environment variables (values as JSON text).

Resources behind a condition are translated as if it held.
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

routes, security_definitions, statements = [], {}, []
state_machines, secrets, environments = [], [], {}
for name, resource in output["Resources"].items():
    kind, properties = resource["Type"], resource.get("Properties", {})
    if kind == "AWS::ApiGateway::RestApi":
        body = properties.get("Body", {})
        security_definitions.update(body.get("securityDefinitions", {}))
        for path, operations in body.get("paths", {}).items():
            for method, operation in operations.items():
                routes.append({"api": name, "path": path, "method": method, "security": json.dumps(operation.get("security"))})
    elif kind == "AWS::ApiGateway::Method":
        routes.append({"api": name, "path": "?", "method": properties.get("HttpMethod"), "security": json.dumps(properties.get("ApiKeyRequired"))})
    elif kind == "AWS::StepFunctions::StateMachine":
        definition = properties.get("Definition") or properties.get("DefinitionString")
        # SAM writes an inline definition as the lines of its JSON joined: join them back.
        if isinstance(definition, dict) and "Fn::Join" in definition and all(isinstance(line, str) for line in definition["Fn::Join"][1]):
            definition = json.loads(definition["Fn::Join"][0].join(definition["Fn::Join"][1]))
        state_machines.append({"name": name, "definition": json.dumps(definition), "role": json.dumps(properties.get("RoleArn"))})
    elif kind == "AWS::SecretsManager::Secret":
        secrets.append({"name": name, "generate": json.dumps(properties.get("GenerateSecretString"))})
    elif kind == "AWS::Lambda::Function":
        variables = properties.get("Environment", {}).get("Variables", {})
        environments[name] = {key: json.dumps(value) for key, value in variables.items()}
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

print(json.dumps({
    "routes": routes, "securityDefinitions": {k: json.dumps(v) for k, v in security_definitions.items()}, "statements": statements,
    "stateMachines": state_machines, "secrets": secrets, "environments": environments,
}))
