#!/usr/bin/env python3
"""Checks log lines against the CloudWatch Embedded Metric Format specification
("Specification: Embedded metric format", Amazon CloudWatch User Guide).

Reads log lines (one per line) on standard input, picks those that are JSON objects with an `_aws`
member, and prints a JSON array with, for each such line: `problems` (every rule of the
specification the line breaks; empty when it conforms) and `metrics` (each metric's values, as
CloudWatch would extract them, keyed by metric name).

The rules, as the specification states them:
- the root is a JSON object with `_aws`, a metadata object: `Timestamp` (a number, milliseconds
  since the epoch) and `CloudWatchMetrics`, an array of MetricDirective objects;
- a MetricDirective has `Namespace` (a string of 1 to 1024 characters), `Dimensions` (an array
  of DimensionSets, each an array of at most 30 dimension names, strings of 1 to 250 characters)
  and `Metrics` (an array of at most 100 MetricDefinitions);
- a MetricDefinition has `Name` (1 to 1024 characters), optionally `Unit` (one of CloudWatch's
  units) and `StorageResolution` (1 or 60);
- every dimension a DimensionSet names is a root member whose value is a string (1 to 1024);
- every metric a MetricDefinition names is a root member whose value is a number or an array of
  at most 100 numbers;
- the whole line is at most 1 MB (the CloudWatch Logs event limit).
"""

import json
import numbers
import sys

UNITS = {
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes",
    "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
    "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
    "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
    "Count/Second", "None",
}


def is_number(value):
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def check(line):
    problems = []
    document = json.loads(line)
    if len(line.encode()) > 1_000_000:
        problems.append("the line is larger than a CloudWatch Logs event (1 MB)")
    metadata = document.get("_aws")
    if not isinstance(metadata, dict):
        return ["_aws is not an object"], {}
    if not is_number(metadata.get("Timestamp")):
        problems.append("_aws.Timestamp is not a number of milliseconds")
    directives = metadata.get("CloudWatchMetrics")
    if not isinstance(directives, list) or not directives:
        return problems + ["_aws.CloudWatchMetrics is not a non-empty array"], {}
    metrics = {}
    for index, directive in enumerate(directives):
        where = f"_aws.CloudWatchMetrics[{index}]"
        namespace = directive.get("Namespace")
        if not isinstance(namespace, str) or not 1 <= len(namespace) <= 1024:
            problems.append(f"{where}.Namespace is not a string of 1-1024 characters")
        dimension_sets = directive.get("Dimensions")
        if not isinstance(dimension_sets, list):
            problems.append(f"{where}.Dimensions is not an array")
            dimension_sets = []
        for set_index, dimension_set in enumerate(dimension_sets):
            if not isinstance(dimension_set, list) or len(dimension_set) > 30:
                problems.append(f"{where}.Dimensions[{set_index}] is not an array of at most 30 names")
                continue
            for name in dimension_set:
                if not isinstance(name, str) or not 1 <= len(name) <= 250:
                    problems.append(f"{where}.Dimensions[{set_index}] has a name that is not 1-250 characters")
                elif not isinstance(document.get(name), str) or not 1 <= len(document[name]) <= 1024:
                    problems.append(f"dimension {name} is not a root member with a string value")
        definitions = directive.get("Metrics")
        if not isinstance(definitions, list) or len(definitions) > 100:
            problems.append(f"{where}.Metrics is not an array of at most 100 definitions")
            continue
        for definition in definitions:
            name = definition.get("Name")
            if not isinstance(name, str) or not 1 <= len(name) <= 1024:
                problems.append(f"{where}.Metrics has a Name that is not 1-1024 characters")
                continue
            if "Unit" in definition and definition["Unit"] not in UNITS:
                problems.append(f"metric {name} has the unknown unit {definition['Unit']!r}")
            if "StorageResolution" in definition and definition["StorageResolution"] not in (1, 60):
                problems.append(f"metric {name} has a StorageResolution other than 1 or 60")
            extra = set(definition) - {"Name", "Unit", "StorageResolution"}
            if extra:
                problems.append(f"metric {name} has members the specification does not define: {sorted(extra)}")
            value = document.get(name)
            if is_number(value):
                metrics[name] = [value]
            elif isinstance(value, list) and len(value) <= 100 and all(is_number(item) for item in value):
                metrics[name] = value
            else:
                problems.append(f"metric {name} is not a root member holding a number or at most 100 numbers")
    return problems, metrics


results = []
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    try:
        document = json.loads(line)
    except json.JSONDecodeError:
        continue
    if isinstance(document, dict) and "_aws" in document:
        problems, metrics = check(line)
        results.append({"problems": problems, "metrics": metrics})
print(json.dumps(results))
