"""Templates written in the tests, beside the fixtures: variants of a clean template with a
deployment, and state machines with a given definition; and their findings through `check`'s
pipeline (read, check, locate) as (line, column, rule, message), the file name first when a
finding is in another file than the template."""

from __future__ import annotations

from pathlib import Path

from rule_fixtures import FIXTURES

from samtransform.cli.check import check_files

# --------------------------------------------------------------------------- a template with a deployment

BASE = (FIXTURES / "E9106" / "near_miss.yaml").read_text()  # the clean template every fixture varies
PREFERENCE = ("        Type: LINEAR\n        Percentage: 20\n        Interval: 10\n        Alarms:\n"
              "          - !Ref FailedExecutions\n")
ALARM_ENTRY = "          - !Ref FailedExecutions\n"
TOPIC = "  Topic:\n    Type: AWS::SNS::Topic\n"


def variant(*replacements: tuple[str, str], append: str = "") -> str:
    text = BASE
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + append


def write(tmp_path: Path, text: str, name: str = "template.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def findings_of(path: Path) -> list[tuple]:
    return [(entry.line, entry.column, entry.problem.rule_id, entry.problem.message)
            for entry in check_files([str(path)])]


# --------------------------------------------------------------------------- a state machine with a definition

HEAD = ("Transform: AWS::Serverless-2016-10-31\nResources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n"
        "    Properties:\n      Role: arn:aws:iam::123456789012:role/machine\n")


def template(definition: str, *properties: str) -> str:
    """A template whose Definition (line 8 on) is the given YAML, indented by 8."""
    body = "".join(f"      {line}\n" for line in properties)
    lines = definition.strip("\n").split("\n")
    return HEAD + body + "      Definition:\n" + "".join(f"        {line}\n" for line in lines)


def findings(tmp_path: Path, text: str, files: dict | None = None) -> list[tuple]:
    for name, content in (files or {}).items():
        (tmp_path / name).write_text(content)
    path = tmp_path / "template.yaml"
    path.write_text(text)
    return [((Path(entry.file).name,) if Path(entry.file).name != "template.yaml" else ())
            + (entry.line, entry.column, entry.problem.rule_id, entry.problem.message)
            for entry in check_files([str(path)])]
