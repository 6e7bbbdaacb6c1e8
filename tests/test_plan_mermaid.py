"""`plan --format mermaid` renders: every diagram goes through the Mermaid CLI (`mmdc`), as GitHub draws them.

The tools are installed by `.ci/run` (the pinned @mermaid-js/mermaid-cli into
SAMTRANSFORM_MERMAID_HOME, and Debian's Chromium, since Puppeteer cannot download its own
browser here), never by a test. Without them the tests skip, saying what to install, except
where SAMTRANSFORM_REQUIRE_MERMAID is set (as `.ci/run` sets it): there a missing tool fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from samtransform.plan import plan_template, plan_text
from samtransform.plan.mermaid import render_mermaid

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "template.yaml"
MERMAID_HOME = Path(os.environ.get("SAMTRANSFORM_MERMAID_HOME", ROOT / ".mermaid-cli"))
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _missing(what: str) -> None:
    message = f"{what}; .ci/run installs it (see the README's Development section)"
    if os.environ.get("SAMTRANSFORM_REQUIRE_MERMAID"):
        pytest.fail(message)
    pytest.skip(message)


def _browser() -> str | None:
    return next(filter(None, map(shutil.which, BROWSERS)), None)


def _mmdc() -> str | None:
    local = MERMAID_HOME / "node_modules" / ".bin" / "mmdc"
    return str(local) if local.exists() else shutil.which("mmdc")


@pytest.fixture(scope="module")
def render(tmp_path_factory):
    """A function rendering Markdown with Mermaid blocks to one SVG per block, via mmdc."""
    browser = _browser()
    if browser is None:
        _missing("no Chromium on PATH")
    mmdc = _mmdc()
    if mmdc is None:
        _missing(f"no Mermaid CLI in {MERMAID_HOME} or on PATH")
    folder = tmp_path_factory.mktemp("mermaid")
    config = folder / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": browser, "args": ["--no-sandbox"]}))

    def render_markdown(markdown: str, name: str) -> list[Path]:
        source = folder / f"{name}.md"
        source.write_text(markdown)
        result = subprocess.run([mmdc, "--puppeteerConfigFile", str(config), "--input", str(source),
                                 "--output", str(folder / f"{name}-out.md"), "--outputFormat", "svg"],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"mmdc failed on {name}:\n{result.stdout}\n{result.stderr}"
        return sorted(folder.glob(f"{name}-out-*.svg"))

    return render_markdown


def _machine(preference: dict, **properties) -> dict:
    return {"Type": "AWS::Serverless::StateMachine", "Properties": {
        "AutoPublishAlias": "live", "Role": "arn:aws:iam::123456789012:role/states",
        "Definition": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}},
        "DeploymentPreference": preference, **properties}}


def _alarm(period: int, periods: int, name: str = "Failures") -> dict:
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "Namespace": "AWS/States", "MetricName": "ExecutionsFailed", "Statistic": "Sum", "Threshold": 1,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold", "Period": period, "EvaluationPeriods": periods,
        "AlarmName": f"{name} \"quoted\" #1; a:b"}}


MANY = {"Resources": {
    "Orders": _machine({"Type": "CANARY", "Percentage": 10, "Interval": 15, "Alarms": [{"Ref": "Failures"},
                                                                                       'elsewhere "#1": a; b']},
                       UseAliasAsEventTarget=True, Name="orders",
                       Events={"Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}},
                               "Hourly": {"Type": "ScheduleV2", "Properties": {"ScheduleExpression": "rate(1 hour)"}}}),
    "Failures": _alarm(10, 1),
    "Slowly": _machine({"Type": "LINEAR", "Percentage": 1, "Interval": 2100, "Alarms": [{"Ref": "Failures"}]}),
    "AtOnce": _machine({"Type": "ALL_AT_ONCE", "Alarms": [{"Ref": "Failures"}]},
                       Events={"Direct": {"Type": "EventBridgeRule", "Properties": {"Pattern": {"source": ["x"]}}}}),
}}


def _blocks(markdown: str) -> int:
    return len(re.findall(r"^```mermaid$", markdown, re.M))


def test_seed_diagrams_render(render):
    markdown = render_mermaid(plan_text(SEED.read_text(), "fixtures/seed/template.yaml", base_dir=SEED.parent))
    images = render(markdown, "seed")
    assert len(images) == _blocks(markdown) == 2
    gantt, flowchart = (image.read_text() for image in images)
    assert "AliasStateMachineFailureAlarm 5-minute window, too slow" in gantt
    assert "AliasStateMachineAliasmain" in flowchart and "rolls back" in flowchart


def test_every_kind_of_rollout_renders(render):
    previous = json.loads(json.dumps(MANY))
    previous["Resources"]["Orders"]["Properties"]["Name"] = "orders-v1"
    for changed in ("Slowly", "AtOnce"):  # a new version each, so that each deploy shifts traffic
        previous["Resources"][changed]["Properties"]["Definition"] = {"StartAt": "Old", "States": {"Old": {
            "Type": "Succeed"}}}
    markdown = render_mermaid(plan_template(MANY, previous=previous))
    images = render(markdown, "many")
    assert len(images) == _blocks(markdown) == 4  # three rollouts and the flowchart
    assert all("<svg" in image.read_text() for image in images)


def test_generated_rollback_alarms_render(render):
    source = ROOT / "fixtures" / "rollback_alarms_seed" / "template.yaml"
    markdown = render_mermaid(plan_text(source.read_text(), "template.yaml", base_dir=source.parent))
    images = render(markdown, "rollback")
    assert len(images) == _blocks(markdown) == 2
    assert "generated alarm: ExecutionsFailed, 1 min" in images[1].read_text()


def test_api_events_render(render):
    source = ROOT / "fixtures" / "events_api_implicit" / "template.yaml"
    markdown = render_mermaid(plan_text(source.read_text(), "template.yaml", base_dir=source.parent))
    images = render(markdown, "api")
    assert len(images) == _blocks(markdown) == 2
    assert "ServerlessRestApi" in images[1].read_text()
