"""rules/limits.py (E9601, E9602, W9603): checks of CloudFormation's stack limits on the template as it will be
deployed: expanded.

Its rules need big templates, so they have no fixture folders: each case builds its template here.
"""

from __future__ import annotations

import json
from pathlib import Path

from rules.inline import findings_of, write

from samtransform import load
from samtransform.expansion import expand


def machines(count: int, definition_states: int = 1, state_padding: str = "") -> str:
    """`count` state machines with an alias, each generating 3 resources (no role: Role is given)."""
    states = "".join(f"          S{index}: {{Type: Pass, Comment: '{state_padding}', Next: S{index + 1}}}\n"
                     for index in range(definition_states - 1))
    states += f"          S{definition_states - 1}: {{Type: Succeed}}\n"
    lines = ["Transform: AWS::Serverless-2016-10-31", "Resources:"]
    for index in range(count):
        lines += [f"  Machine{index}:", "    Type: AWS::Serverless::StateMachine", "    Properties:",
                  "      AutoPublishAlias: live", "      Role: arn:aws:iam::123456789012:role/machine",
                  "      Definition:", "        StartAt: S0", "        States:"]
        lines.append(states.rstrip("\n"))
    return "\n".join(lines) + "\n"


def compact_size(path: Path) -> int:
    return len(json.dumps(expand(load(path)), separators=(",", ":"), ensure_ascii=False).encode())


def count_findings(path: Path) -> list[tuple]:
    return [finding for finding in findings_of(path) if finding[2] == "E9601"]  # W9603 too: 500 resources are big


def test_e9601_too_many_resources(tmp_path):
    path = write(tmp_path, machines(167))  # 167 x 3 = 501
    assert count_findings(path) == [(2, 1, "E9601", "the expanded template has 501 resources (334 generated); "
                                                    "CloudFormation allows at most 500 in a stack")]


def test_e9601_near_miss_exactly_500(tmp_path):
    text = machines(166) + "  Topic1:\n    Type: AWS::SNS::Topic\n  Topic2:\n    Type: AWS::SNS::Topic\n"
    assert count_findings(write(tmp_path, text)) == []  # 166 x 3 + 2 = 500


def test_w9603_needs_s3(tmp_path):
    path = write(tmp_path, machines(1, definition_states=400))
    size = compact_size(path)
    assert 51_200 < size <= 1_048_576
    assert findings_of(path) == [(1, 1, "W9603", f"the expanded template is {size:,} bytes as compact JSON, over the "
                                                 "51,200 bytes CloudFormation accepts in a request; deploy it from S3 "
                                                 "(TemplateURL, or --s3-bucket)")]


def test_w9603_near_miss_small_enough(tmp_path):
    path = write(tmp_path, machines(1, definition_states=300))
    assert compact_size(path) <= 51_200
    assert findings_of(path) == []


def test_e9602_over_1_mb(tmp_path):
    # Two state machines: one definition over 1 MB is an error of its own (Step Functions' limit).
    path = write(tmp_path, machines(2, definition_states=1000, state_padding="x" * 500))
    size = compact_size(path)
    assert size > 1_048_576
    assert findings_of(path) == [(1, 1, "E9602", f"the expanded template is {size:,} bytes as compact JSON; "
                                                 "CloudFormation accepts at most 1 MB (1,048,576 bytes) even from S3")]


def test_e9602_near_miss_under_1_mb_is_only_w9603(tmp_path):
    path = write(tmp_path, machines(1, definition_states=1500, state_padding="x" * 500))
    assert 51_200 < compact_size(path) <= 1_048_576
    assert [finding[2] for finding in findings_of(path)] == ["W9603"]


def test_limits_leave_templates_without_state_machines_to_cfn_lint(tmp_path):
    text = "Resources:\n" + "".join(f"  Topic{index}:\n    Type: AWS::SNS::Topic\n" for index in range(501))
    assert findings_of(write(tmp_path, text)) == []
