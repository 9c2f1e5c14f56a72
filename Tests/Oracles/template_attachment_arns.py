#!/usr/bin/env python3
"""Evaluates template.yaml's `read-attachments` policy for given AttachmentSources values, as
CloudFormation would: conditions, !If, !Sub, !Select, !Split, !Ref, with AWS::Partition `aws`.

Usage: template_attachment_arns.py VALUE...
Prints {"results": [{"value", "allowed" (matches the parameter's AllowedPattern), "resources"
(the s3:GetObject ARNs, or null when the policy is left out)}]}.
"""

import json
import pathlib
import re
import sys

import yaml



class Loader(yaml.SafeLoader):
    """CloudFormation's short tags (!Ref, !Sub, ...) as their long form."""


def intrinsic(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {"Ref": value} if tag_suffix == "Ref" else {"Fn::" + tag_suffix: value}


Loader.add_multi_constructor("!", intrinsic)

NO_VALUE = object()


def evaluate(node, parameters, conditions):
    if isinstance(node, list):
        return [v for v in (evaluate(item, parameters, conditions) for item in node) if v is not NO_VALUE]
    if not isinstance(node, dict):
        return node
    if len(node) == 1:
        (name, argument), = node.items()
        if name == "Ref":
            return NO_VALUE if argument == "AWS::NoValue" else parameters[argument]
        if name == "Fn::If":
            return evaluate(argument[1] if conditions[argument[0]] else argument[2], parameters, conditions)
        if name == "Fn::Split":
            return evaluate(argument[1], parameters, conditions).split(argument[0])
        if name == "Fn::Select":
            return evaluate(argument[1], parameters, conditions)[int(argument[0])]
        if name == "Fn::Not":
            return not evaluate(argument[0], parameters, conditions)
        if name == "Fn::Equals":
            return evaluate(argument[0], parameters, conditions) == evaluate(argument[1], parameters, conditions)
        if name == "Fn::Sub":
            text, names = (argument, {}) if isinstance(argument, str) else (argument[0], argument[1])
            values = {**parameters, **{k: evaluate(v, parameters, conditions) for k, v in names.items()}}
            return re.sub(r"\$\{([^}]+)\}", lambda m: str(values[m.group(1)]), text)
    return {k: evaluate(v, parameters, conditions) for k, v in node.items()}


def main():
    template = yaml.load(pathlib.Path(__file__).resolve().parents[2].joinpath("template.yaml").read_text(), Loader=Loader)
    pattern = template["Parameters"]["AttachmentSources"]["AllowedPattern"]
    results = []
    for value in sys.argv[1:]:
        parameters = {"AttachmentSources": value, "AWS::Partition": "aws"}
        conditions = {}
        for name, condition in template["Conditions"].items():
            if "Attachment" in name:
                conditions[name] = evaluate(condition, parameters, conditions)
        (node,) = [p for p in template["Resources"]["NotifierRole"]["Properties"]["Policies"]
                   if "Fn::If" in p and p["Fn::If"][1].get("PolicyName") == "read-attachments"]
        policy = evaluate(node, parameters, conditions)
        policy = None if policy is NO_VALUE else policy
        resources = None
        if policy is not None:
            (statement,) = policy["PolicyDocument"]["Statement"]
            assert statement["Action"] == "s3:GetObject"
            resources = statement["Resource"]
        results.append({"value": value, "allowed": re.fullmatch(pattern, value) is not None, "resources": resources})
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
