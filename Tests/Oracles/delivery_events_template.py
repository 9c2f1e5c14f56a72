#!/usr/bin/env python3
"""Prints, as JSON, the facts of template.yaml's delivery events and message status that
cfn-lint does not check: the event destination's event types (both branches of the open/click
condition), the suppression reasons, the reputation alarms' metric and threshold, the function's
environment variable names, and every NOTIFIER_TEST_ONLY_ name anywhere in the template's text.
"""
import json
import pathlib
import re

import yaml


class Loader(yaml.SafeLoader):
    pass


def intrinsic(loader, tag, node):
    if isinstance(node, yaml.ScalarNode):
        return {tag: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {tag: loader.construct_sequence(node, deep=True)}
    return {tag: loader.construct_mapping(node, deep=True)}


Loader.add_multi_constructor("!", intrinsic)
text = (pathlib.Path(__file__).resolve().parents[2] / "template.yaml").read_text()
resources = yaml.load(text, Loader=Loader)["Resources"]

types = {}
for resource in resources.values():
    if resource["Type"] == "AWS::SES::ConfigurationSetEventDestination":
        condition, with_tracking, without = resource["Properties"]["EventDestination"]["MatchingEventTypes"]["If"]
        types = {"condition": condition, "withOpensAndClicks": with_tracking, "default": without}
suppressed = [r["Properties"]["SuppressionOptions"]["SuppressedReasons"] for r in resources.values() if r["Type"] == "AWS::SES::ConfigurationSet"]
alarms = [
    {"metric": r["Properties"]["MetricName"], "threshold": float(r["Properties"]["Threshold"]), "namespace": r["Properties"]["Namespace"]}
    for r in resources.values()
    if r["Type"] == "AWS::CloudWatch::Alarm" and r["Properties"].get("Namespace") == "AWS/SES"
]
function = next(r for r in resources.values() if r["Type"] == "AWS::Serverless::Function")
print(json.dumps({
    "eventTypes": types,
    "suppressedReasons": suppressed,
    "reputationAlarms": alarms,
    "environment": sorted(function["Properties"]["Environment"]["Variables"]),
    "testOnlyNames": sorted(set(re.findall(r"NOTIFIER_TEST_ONLY_\w*", text))),
}))
