#!/usr/bin/env python3
"""Regenerate samtransform/data/api_facts.json from a pinned botocore's service models.

    python scripts/generate_api_facts.py            # write the table
    python scripts/generate_api_facts.py --check    # exit 1 if the committed table differs

botocore ships each AWS API's model as data (`botocore/data/<service>/<version>/service-2.json`):
shapes with their enums, lengths and patterns, and the API reference's documentation of each
member. The facts samtransform's models need are read from there: the structured ones
(enums, min, max, pattern) directly, the ones only the documentation states (PutMetricAlarm's
valid periods, LoggingConfiguration's "Required, if your log level is not set to OFF") by
matching the documented sentence, which this script requires to be there word for word, so
a botocore whose documentation says something else fails here instead of changing a rule.
Only data files are read; botocore is not imported.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from importlib import metadata, resources
from pathlib import Path

import pinned_outputs  # scripts/: run as `python scripts/<name>.py`

PACKAGE = "botocore"
PINNED_VERSION = "1.44.18"
LICENCE = "Apache-2.0"
TARGET = Path(__file__).resolve().parent.parent / "samtransform" / "data" / "api_facts.json"
MODELS = {
    "cloudwatch": "cloudwatch/2010-08-01/service-2.json",
    "stepfunctions": "stepfunctions/2016-11-23/service-2.json",
    "events": "events/2015-10-07/service-2.json",
    "scheduler": "scheduler/2021-06-30/service-2.json",
}


def _read(relative: str) -> bytes:
    folder = resources.files("botocore").joinpath("data")
    plain, packed = folder.joinpath(relative), folder.joinpath(relative + ".gz")
    return plain.read_bytes() if plain.is_file() else gzip.decompress(packed.read_bytes())


class Model:
    def __init__(self, raw: bytes):
        self.document = json.loads(raw)
        self.shapes = self.document["shapes"]

    def member(self, structure: str, name: str) -> tuple[dict, str]:
        """A structure member's shape (its constraints) and its documentation, as plain text."""
        member = self.shapes[structure]["members"][name]
        return self.shapes[member["shape"]], _text(member.get("documentation", ""))

    def constraints(self, structure: str, name: str) -> dict:
        shape, _ = self.member(structure, name)
        return {key: shape[key] for key in ("min", "max", "pattern", "enum") if key in shape}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&amp;", "&").strip()


def _sentence(documentation: str, pattern: str) -> re.Match:
    found = re.search(pattern, documentation)
    if found is None:
        raise SystemExit(f"the documentation no longer says {pattern!r}:\n{documentation}")
    return found


def cloudwatch(model: Model) -> dict:
    alarm = "PutMetricAlarmInput"
    _, period_doc = model.member(alarm, "Period")
    valid = _sentence(period_doc, r"Valid values are (\d+), (\d+), (\d+), and any multiple of (\d+)\.")
    week = _sentence(period_doc, r"can't be more than ([\d,]+) seconds\. For alarms with a period of less than "
                                 r"one hour \(([\d,]+) seconds\), the total evaluation period can't be longer than "
                                 r"one day \(([\d,]+) seconds\)")
    _, operator_doc = model.member(alarm, "ComparisonOperator")
    anomaly = _sentence(operator_doc, r"The values (\w+), (\w+), and (\w+) are used only for alarms based on "
                                      r"anomaly detection models\.")
    _, missing_doc = model.member(alarm, "TreatMissingData")
    missing = _sentence(missing_doc, r"Valid Values: (\w+(?: \| \w+)+)")
    _, extended_doc = model.member(alarm, "ExtendedStatistic")
    _, stat_period_doc = model.member("MetricStat", "Period")
    query_periods = _sentence(stat_period_doc, r"the period can be ([\d, ]+), or any multiple of (\d+)\.")
    _, metrics_doc = model.member(alarm, "Metrics")
    excluded = _sentence(metrics_doc, r"you cannot include the (.+?) parameters of PutMetricAlarm")
    return {
        "operation": "PutMetricAlarm",
        "statistics": model.constraints(alarm, "Statistic")["enum"],
        "comparison_operators": model.constraints(alarm, "ComparisonOperator")["enum"],
        "anomaly_detection_operators": list(anomaly.groups()),
        "units": model.constraints(alarm, "Unit")["enum"],
        "treat_missing_data": [value.strip() for value in missing.group(1).split("|")],
        "period_seconds": {"sub_minute": [int(value) for value in valid.groups()[:3]],
                           "multiple_of": int(valid.group(4))},
        "metric_query_period_seconds": {
            "listed": [int(value) for value in query_periods.group(1).split(",") if value.strip()],
            "multiple_of": int(query_periods.group(2))},
        "max_window_seconds": int(week.group(1).replace(",", "")),
        "short_period_seconds": int(week.group(2).replace(",", "")),
        "max_window_seconds_short_period": int(week.group(3).replace(",", "")),
        "excluded_by_metrics": re.findall(r"\w+", excluded.group(1).replace(", or", ",")),
        "extended_statistic_documented": _sentence(extended_doc, r"the following are valid values: (.+?) For more")
        .group(1),
        "lengths": {name: model.constraints(alarm, name) for name in ("AlarmName", "MetricName", "Namespace")},
        "max_dimensions": model.constraints(alarm, "Dimensions")["max"],
        "minimum": {name: model.constraints(alarm, name)["min"]
                    for name in ("Period", "EvaluationPeriods", "DatapointsToAlarm")},
    }


def stepfunctions(model: Model) -> dict:
    _, destinations_doc = model.member("LoggingConfiguration", "destinations")
    required = _sentence(destinations_doc, r"Required, if your log level is not set to (\w+)\.")
    size = _sentence(destinations_doc, r"Limited to size (\d+)\.")
    name, name_doc = model.member("CreateStateMachineInput", "name")
    _sentence(name_doc, r"A name must not contain: white space brackets < > \{ \} \[ \] wildcard characters \? \* "
                        r"special characters \" # % \\ \^ \| ~ ` \$ & , ; : / control characters")
    logged = _sentence(name_doc, r"To enable logging with CloudWatch Logs, the name should only contain "
                                 r"0-9, A-Z, a-z, - and _\.")
    alias = model.constraints("CreateStateMachineAliasInput", "name")
    return {
        "log_levels": model.constraints("LoggingConfiguration", "level")["enum"],
        "destinations_required_unless_level": required.group(1),
        "max_destinations": int(size.group(1)),
        "state_machine_name": {"min": name["min"], "max": name["max"],
                               # The documented list, in its order: white space, brackets, wildcards,
                               # special characters; control characters and surrogates as ranges.
                               "white_space": False,
                               "forbidden": "<>{}[]?*\"#%\\^|~`$&,;:/",
                               "forbidden_ranges": _ranges(name_doc),
                               "with_logging": {"pattern": "^[0-9A-Za-z_-]+$", "documented": logged.group(0)}},
        "alias_name": alias,
    }


def _ranges(documentation: str) -> list[list[int]]:
    found = re.findall(r"U\+([0-9A-F]{4})-([0-9A-F]{4})", documentation)
    if not found:
        raise SystemExit("the state machine name documentation lists no character ranges")
    return [[int(start, 16), int(start[:-len(end)] + end if len(end) < len(start) else end, 16)]
            for start, end in found]


def events(model: Model) -> dict:
    _, input_doc = model.member("Target", "Input")
    _sentence(input_doc, r"Valid JSON text passed to the target\.")
    return {
        "rule_name": model.constraints("PutRuleRequest", "Name"),
        "schedule_expression": model.constraints("PutRuleRequest", "ScheduleExpression"),
        "input": {**model.constraints("Target", "Input"), "json": True},
        "target_id": model.constraints("Target", "Id"),
    }


def scheduler(model: Model) -> dict:
    _, expression_doc = model.member("CreateScheduleInput", "ScheduleExpression")
    forms = re.findall(r"(at|rate|cron) expression - \1\(([^)]*)\)", expression_doc)
    units = _sentence(expression_doc, r"a unit with the following options: (\w+(?: \| \w+)+)")
    fields = _sentence(expression_doc, r"A cron expression consists of (\w+) fields separated by white spaces")
    _, input_doc = model.member("Target", "Input")
    json_for = _sentence(input_doc, r"If you are configuring a templated Lambda, Amazon Web Services Step Functions, "
                                    r"or Amazon EventBridge target, the input must be a well-formed JSON\.")
    return {
        "name": model.constraints("CreateScheduleInput", "Name"),
        "schedule_expression": model.constraints("CreateScheduleInput", "ScheduleExpression"),
        "forms": {form: syntax for form, syntax in forms},
        "rate_units": [unit.strip() for unit in units.group(1).split("|")],
        "cron_fields": {"six": 6}.get(fields.group(1), fields.group(1)),
        "timezone": model.constraints("CreateScheduleInput", "ScheduleExpressionTimezone"),
        "input": {**model.constraints("Target", "Input"), "json": True, "documented": json_for.group(0)},
    }


def table() -> dict:
    raws = {service: _read(relative) for service, relative in MODELS.items()}
    digest = hashlib.sha256(b"".join(raws[service] for service in MODELS)).hexdigest()
    models = {service: Model(raw) for service, raw in raws.items()}
    return {
        "provenance": {"package": PACKAGE, "version": metadata.version(PACKAGE), "license": LICENCE,
                       "file": ", ".join(f"botocore/data/{relative}" for relative in MODELS.values()),
                       "sha256": digest, "generator": "scripts/generate_api_facts.py"},
        "cloudwatch": cloudwatch(models["cloudwatch"]),
        "stepfunctions": stepfunctions(models["stepfunctions"]),
        "events": events(models["events"]),
        "scheduler": scheduler(models["scheduler"]),
    }


def render(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.exit(pinned_outputs.main(__doc__, PACKAGE, PINNED_VERSION, lambda: {TARGET: render(table())}, "scripts/generate_api_facts.py"))
