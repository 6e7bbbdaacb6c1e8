"""`plan` says what a deploy does, in words a person reads: no timeline for a deploy that shifts no
traffic, "every minute" and "every 2 minutes", and a JSON keys table that says what JSON holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

from test_plan import template

from samtransform.plan import plan_template
from samtransform.plan.mermaid import render_mermaid
from samtransform.plan.render import render_json, render_text

ROOT = Path(__file__).resolve().parent.parent
ALARM = {"Period": 60, "EvaluationPeriods": 1}


def test_a_deploy_that_publishes_no_version_draws_no_timeline():
    current = template({"Type": "LINEAR", "Percentage": 50, "Interval": 2}, alarm=ALARM)
    plan = plan_template(current, previous=current)
    [machine] = plan["state_machines"]
    assert (machine["publishes_version"], machine["shifts_traffic"]) == (False, False)
    text = render_text(plan)
    assert "publishes no new version" in text and "no new version, the deploy shifts no traffic" in text
    assert "traffic on the new version" not in text and "all traffic on the new version" not in text
    assert "whether the first shift waits an Interval" not in text  # the timeline's note, without a timeline
    markdown = render_mermaid(plan)
    assert "gantt" not in markdown and "all traffic on the new version" not in markdown
    assert "flowchart" in markdown  # the generated resources are still drawn


def test_a_deploy_that_publishes_a_version_draws_it():
    previous = template({"Type": "LINEAR", "Percentage": 50, "Interval": 2}, alarm=ALARM)
    current = template({"Type": "LINEAR", "Percentage": 50, "Interval": 2}, alarm=ALARM,
                       Definition={"StartAt": "Other", "States": {"Other": {"Type": "Succeed"}}})
    plan = plan_template(current, previous=previous)
    assert "  minute  traffic on the new version\n       0   50 %\n       2  100 %\n" in render_text(plan)
    assert "gantt" in render_mermaid(plan)


def test_one_minute_is_every_minute():
    plan = plan_template(template({"Type": "LINEAR", "Percentage": 1, "Interval": 1}, alarm=ALARM))
    assert render_text(plan).splitlines()[0] == "Machine: alias live (MachineAliaslive), LINEAR 1 % every minute"
    markdown = render_mermaid(plan)
    assert "## Machine: alias live, LINEAR 1 % every minute" in markdown
    assert "2 % to 98 % in 97 shifts every minute on the new version" in markdown
    assert "minutes" not in re.sub(r"\d+-minute|minutes? \d+|every \d+ minutes", "", markdown.split("```")[1])


def test_two_minutes_are_every_2_minutes():
    plan = plan_template(template({"Type": "LINEAR", "Percentage": 5, "Interval": 2}, alarm=ALARM))
    assert "LINEAR 5 % every 2 minutes" in render_text(plan)
    assert "10 % to 90 % in 17 shifts every 2 minutes on the new version" in render_mermaid(plan)


def test_a_dimension_value_is_as_the_json_keys_table_says():
    """A Ref to a parameter is its value; another intrinsic is written in short form."""
    current = template({"Type": "LINEAR", "Percentage": 50, "Interval": 2}, alarm=ALARM)
    current["Parameters"] = {"Alias": {"Type": "String", "Default": "live"}}
    current["Resources"]["Failures"]["Properties"]["Dimensions"][1]["Value"] = {"Ref": "Alias"}
    [alarm] = json.loads(render_json(plan_template(current)))["state_machines"][0]["alarms"]
    assert alarm["dimensions"] == [{"name": "StateMachineArn", "value": "!Ref Machine"},
                                   {"name": "Alias", "value": "live"}]
    keys = (ROOT / "docs" / "plan.md").read_text(encoding="utf-8").split("## JSON keys", 1)[1]
    row = re.search(r"^\| `state_machines\[\]\.alarms\[\]\.dimensions\[\]\.value` \|.*$", keys, re.M).group(0)
    assert row.endswith("| dimension value: a `Ref` to a parameter is the parameter's value (override, else "
                        "`Default`); another intrinsic is in short form (`!Ref Machine`) |")
