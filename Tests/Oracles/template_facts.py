#!/usr/bin/env python3
"""Translates template.yaml with AWS's own SAM translator (aws-sam-translator, what CloudFormation
runs for `Transform: AWS::Serverless-2016-10-31`) and prints, as JSON, the facts the tests check in
the resulting CloudFormation:

- routes: every API Gateway operation (path, method) and the security it requires;
- securityDefinitions of the REST API;
- statements: every IAM statement of every role (effect, actions, resources and condition as JSON
  text), including SAM-generated roles and managed policy ARNs;
- tables: every DynamoDB table (logical name, condition, deletion policies, properties as JSON text);
- environment: the function's environment variables, each as JSON text;
- capacityProviderConfigs: the CapacityProviderConfig of every Lambda function (JSON text, "null"
  when it has none);
- capacityProviders: every AWS::Lambda::CapacityProvider's VpcConfig (JSON text);
- ruleViolations: the AssertDescription of every template rule assertion that fails;
- stateMachines: each state machine's definition (JSON text, before substitutions) and role;
- secrets: each Secrets Manager secret's GenerateSecretString (JSON text);
- environments: each function's environment variables (values as JSON text).

Arguments `Name=Value` set parameters (the others keep their defaults; a CommaDelimitedList value is
split at commas), as `sam deploy --parameter-overrides` does. The stack is the one CloudFormation
would create with those values: the template's Rules are evaluated, resources whose Condition is
false are left out, and `Fn::If` is resolved first, as the AWS::LanguageExtensions transform does
before the SAM transform runs.
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


def parameter_values(template, overrides):
    """Every parameter's value: its override or its default; CommaDelimitedList ones as lists."""
    values = {}
    for name, parameter in template.get("Parameters", {}).items():
        value = overrides.get(name, parameter.get("Default"))
        if value is None:
            value = "-"  # a required parameter the facts do not depend on
        value = str(value)
        values[name] = value.split(",") if parameter["Type"] == "CommaDelimitedList" else value
    return values


def evaluate(value, parameters, conditions):
    """The value of a condition or rule expression built from parameters (no resource attributes)."""
    if isinstance(value, (str, list)):
        return [evaluate(item, parameters, conditions) for item in value] if isinstance(value, list) else value
    (function, arguments), = value.items()
    if function == "Ref":
        return parameters[arguments]
    if function in ("Condition", "Fn::Condition"):
        return evaluate(conditions[arguments], parameters, conditions)
    arguments = evaluate(arguments, parameters, conditions)
    if function == "Fn::Equals":
        return arguments[0] == arguments[1]
    if function == "Fn::Not":
        return not arguments[0]
    if function == "Fn::And":
        return all(arguments)
    if function == "Fn::Or":
        return any(arguments)
    if function == "Fn::Join":
        return arguments[0].join(arguments[1])
    if function == "Fn::Contains":
        return arguments[1] in arguments[0]
    if function == "Fn::EachMemberEquals":
        return all(member == arguments[1] for member in arguments[0])
    if function == "Fn::EachMemberIn":
        return all(member in arguments[1] for member in arguments[0])
    raise ValueError(f"template_facts.py cannot evaluate {function}")


NO_VALUE = object()


def resolve_if(value, is_true):
    """`value` with every Fn::If replaced by its chosen branch and AWS::NoValue left out."""
    if isinstance(value, list):
        return [item for item in (resolve_if(item, is_true) for item in value) if item is not NO_VALUE]
    if not isinstance(value, dict):
        return value
    if value == {"Ref": "AWS::NoValue"}:
        return NO_VALUE
    if list(value) == ["Fn::If"]:
        condition, when_true, when_false = value["Fn::If"]
        return resolve_if(when_true if is_true(condition) else when_false, is_true)
    resolved = {key: resolve_if(item, is_true) for key, item in value.items()}
    return {key: item for key, item in resolved.items() if item is not NO_VALUE}


Loader.add_multi_constructor("!", intrinsic)
root = pathlib.Path(__file__).resolve().parents[2]
template = yaml.load((root / "template.yaml").read_text(), Loader=Loader)
parameters = parameter_values(template, dict(argument.split("=", 1) for argument in sys.argv[1:]))
conditions = template.get("Conditions", {})


def is_true(condition):
    return evaluate(conditions[condition], parameters, conditions)


rule_violations = []
for rule in template.get("Rules", {}).values():
    if "RuleCondition" in rule and not evaluate(rule["RuleCondition"], parameters, conditions):
        continue
    for assertion in rule["Assertions"]:
        if not evaluate(assertion["Assert"], parameters, conditions):
            rule_violations.append(assertion["AssertDescription"])

if "AWS::LanguageExtensions" in template["Transform"]:
    template["Resources"] = resolve_if(template["Resources"], is_true)
# The translator wants an S3 location for code; `sam deploy` puts the uploaded package there.
for resource in template["Resources"].values():
    if resource.get("Type") == "AWS::Serverless::Function":
        resource["Properties"]["CodeUri"] = "s3://bucket/notifier.zip"
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
output = transform(template, {}, NoManagedPolicies())

routes, security_definitions, statements, tables, environment = [], {}, [], [], {}
capacity_provider_configs, capacity_providers = [], []
state_machines, secrets, environments = [], [], {}
for name, resource in output["Resources"].items():
    if "Condition" in resource and not is_true(resource["Condition"]):
        continue
    kind, properties = resource["Type"], resource.get("Properties", {})
    if kind == "AWS::DynamoDB::Table":
        tables.append({
            "name": name, "condition": resource.get("Condition"), "deletionPolicy": resource.get("DeletionPolicy"),
            "updateReplacePolicy": resource.get("UpdateReplacePolicy"), "properties": json.dumps(properties, sort_keys=True),
        })
    if kind == "AWS::Lambda::Function":
        for variable, value in properties.get("Environment", {}).get("Variables", {}).items():
            environment[variable] = json.dumps(value, sort_keys=True)
    if kind == "AWS::Lambda::Function":
        capacity_provider_configs.append(json.dumps(properties.get("CapacityProviderConfig")))
    elif kind == "AWS::Lambda::CapacityProvider":
        capacity_providers.append(json.dumps(properties.get("VpcConfig")))
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
            statements.append({"role": name, "effect": "Allow", "actions": ["managed:" + json.dumps(arn)], "resources": "\"*\"", "condition": "null"})
        for policy in properties.get("Policies", []):
            for statement in policy.get("PolicyDocument", {}).get("Statement", []):
                actions = statement.get("Action")
                statements.append({
                    "role": name, "effect": statement.get("Effect"),
                    "actions": actions if isinstance(actions, list) else [actions],
                    "resources": json.dumps(statement.get("Resource")),
                    "condition": json.dumps(statement.get("Condition"), sort_keys=True),
                })

print(json.dumps({
    "routes": routes, "securityDefinitions": {k: json.dumps(v) for k, v in security_definitions.items()},
    "statements": statements, "tables": tables, "environment": environment,
    "capacityProviderConfigs": capacity_provider_configs,
    "capacityProviders": capacity_providers, "ruleViolations": rule_violations,
    "stateMachines": state_machines, "secrets": secrets, "environments": environments,
}))
