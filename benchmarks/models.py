#!/usr/bin/env python3
"""What running the AWS models (samtransform/models) would add to `samtransform check`.

    python benchmarks/models.py                  # sizes 1, 100 and 500, 5 rounds each
    python benchmarks/models.py --sizes 1,10 --rounds 3

For each benchmark template (benchmarks/templates.py) it expands once, then times, in the
same process and with the garbage collector off as check runs: (cfn) every generated resource
against its CloudFormation schema (samtransform.models.cloudformation), and (values) every
other model on the values they judge: each resource's Type, each state machine's Logging and
Name, each event's schedule, pattern and Input, each AWS::CloudWatch::Alarm. The first round
includes loading the schemas and tables; the median of the rounds is reported beside the
expansion's own time, in milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from templates import template_text  # noqa: E402

from samtransform.expansion import expand_template  # noqa: E402
from samtransform.io.template_io import parse  # noqa: E402
from samtransform.models import cloudformation, cloudwatch, event_patterns, sam, schedules, values  # noqa: E402


def _generated(template: dict, output: dict):
    for logical_id, resource in output["Resources"].items():
        if template["Resources"].get(logical_id) is not resource:
            yield resource["Type"], resource.get("Properties", {})


def cfn_pass(template: dict, output: dict) -> int:
    return sum(1 for kind, properties in _generated(template, output)
               for _ in cloudformation.resource_problems(kind, properties))


def values_pass(template: dict) -> int:
    found = 0
    for resource in template["Resources"].values():
        found += len(list(sam.resource_type_problems(resource.get("Type"))))
        properties = resource.get("Properties") or {}
        if resource.get("Type") == "AWS::CloudWatch::Alarm":
            found += len(list(cloudwatch.alarm_problems(properties))) + len(list(cloudwatch.rollback_problems(properties)))
        if resource.get("Type") != "AWS::Serverless::StateMachine":
            continue
        logging = properties.get("Logging")
        found += len(list(values.logging_problems(logging)))
        found += len(list(values.name_problems(properties.get("Name"), isinstance(logging, dict))))
        for event in (properties.get("Events") or {}).values():
            event_properties = event.get("Properties") or {}
            found += len(list(sam.event_type_problems("AWS::Serverless::StateMachine", event.get("Type"))))
            found += len(list(schedules.rule_expression_problems(event_properties.get("Schedule"))))
            found += len(list(schedules.scheduler_expression_problems(event_properties.get("ScheduleExpression"))))
            found += len(list(event_patterns.pattern_problems(event_properties.get("Pattern"))))
            found += len(list(values.input_problems(event_properties.get("Input"))))
    return found


def measure(size: int, rounds: int) -> dict:
    template = parse(template_text(size))
    gc.disable()
    start = time.perf_counter()
    expansion = expand_template(template)
    expand_ms = (time.perf_counter() - start) * 1000
    timings = {"cfn": [], "values": []}
    for _ in range(rounds):
        for name, run in (("cfn", lambda: cfn_pass(template, expansion.template)), ("values", lambda: values_pass(template))):
            start = time.perf_counter()
            assert run() == 0, f"the benchmark template has findings ({name})"
            timings[name].append((time.perf_counter() - start) * 1000)
    gc.enable()
    return {"size": size, "expand": expand_ms, "first cfn": timings["cfn"][0], "cfn": statistics.median(timings["cfn"]),
            "first values": timings["values"][0], "values": statistics.median(timings["values"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,500")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print("| state machines | expand (in process) ms | cfn schemas ms (first) | other models ms (first) |")
    print("|---:|---:|---:|---:|")
    for size in (int(each) for each in args.sizes.split(",")):
        row = measure(size, args.rounds)
        print(f"| {size} | {row['expand']:.1f} | {row['cfn']:.1f} ({row['first cfn']:.1f}) | "
              f"{row['values']:.1f} ({row['first values']:.1f}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
