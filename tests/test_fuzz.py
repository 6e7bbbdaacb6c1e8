"""Fuzzing the CLI and expand(): only the documented exit codes and error type ever come out."""

from __future__ import annotations

import json
import os
import re
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import PARTITION_REGIONS, mutated_templates, templates
from test_loader import yaml_fragments

from samtransform import InvalidTemplateError, cli, dump
from samtransform.expansion import expand
from samtransform.rules import check_template
from samtransform.io.template_io import parse
from samtransform.plan import plan_template

ERROR_LINE = re.compile(r"^.+:\d+:\d+: [EW]9\d{3} .+$")
WARNING_LINE = re.compile(r"^.+:\d+:\d+: W9\d{3} .+$")
DEFINITION_LINE = re.compile(r"^.+:\d+:\d+: E97\d\d .+$")
# capsys is read (and so emptied) after every example, so sharing it across examples is safe.
CLI = settings(suppress_health_check=list(HealthCheck))


def _run_cli(data: bytes, suffix: str = ".yaml", capsys=None, command: str = "expand"):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "template" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        code = cli.main([command, path])
        with open(path, "rb") as handle:
            assert handle.read() == data, "the input file was modified"
    return code


def _check_cli(data: bytes, capsys, suffix: str = ".yaml") -> int:
    code = _run_cli(data, suffix)
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err
    if code == 0:
        json.loads(out)
        # A template that expands may come with warnings, each on its line: W9xxx, or the rule ID of a
        # definition error Step Functions refuses at creation (E97xx, W9713), which expand warns about.
        assert all(WARNING_LINE.match(line) or DEFINITION_LINE.match(line) for line in err.splitlines()), err
    else:
        assert out == "" and err
        assert all(ERROR_LINE.match(line) for line in err.splitlines()), err
    return code


FINDING_LINE = re.compile(r"^.+:\d+:\d+: [EW]9\d{3} .+$")


def _check_other_command(data: bytes, capsys, command: str, suffix: str = ".yaml") -> int:
    """`check` and `plan` hold to what `expand` does: exit 0 or 1, never 3, and nothing but their own lines."""
    code = _run_cli(data, suffix, command=command)
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err
    if command == "check":
        assert err == "" and all(FINDING_LINE.match(line) for line in out.splitlines()), out
        assert (code == 1) == any(": E9" in line for line in out.splitlines())
    elif code == 1:
        assert out == "" and all(ERROR_LINE.match(line) for line in err.splitlines()), err
    return code


@CLI
@given(data=st.binary(max_size=300))
def test_cli_on_random_bytes(capsys, data):
    _check_cli(data, capsys)


@CLI
@given(data=st.binary(max_size=300), command=st.sampled_from(["check", "plan"]))
def test_check_and_plan_on_random_bytes(capsys, data, command):
    _check_other_command(data, capsys, command)


@CLI
@given(text=yaml_fragments, suffix=st.sampled_from([".yaml", ".json"]), command=st.sampled_from(["check", "plan"]))
def test_check_and_plan_on_random_yaml(capsys, text, suffix, command):
    _check_other_command(text.encode(), capsys, command, suffix)


@CLI
@given(text=yaml_fragments, suffix=st.sampled_from([".yaml", ".json"]))
def test_cli_on_random_yaml(capsys, text, suffix):
    _check_cli(text.encode(), capsys, suffix)


@st.composite
def mutated_template_text(draw):
    """A valid template written as YAML, then one line duplicated, dropped or given a short form."""
    drawn = draw(templates())
    lines = dump(drawn.template, "yaml").splitlines(keepends=True)
    index = draw(st.integers(0, len(lines) - 1))
    action = draw(st.sampled_from(["duplicate", "drop", "intrinsic", "retype"]))
    line = lines[index]
    if action == "duplicate":
        lines.insert(index, line)
    elif action == "drop":
        del lines[index]
    elif action == "intrinsic" and ": " in line:
        key = line.split(": ", 1)[0]
        lines[index] = f"{key}: {draw(st.sampled_from(['!Ref Missing', '!GetAtt Only', '!Sub [a]', '!If [c]']))}\n"
    elif ": " in line:
        key = line.split(": ", 1)[0]
        lines[index] = f"{key}: {draw(st.sampled_from(['[]', '{}', '12', 'true', 'null', '[a, b]']))}\n"
    return "".join(lines)


@CLI
@given(text=mutated_template_text())
def test_cli_on_mutated_template_text(capsys, text):
    _check_cli(text.encode(), capsys)


@CLI
@given(text=mutated_template_text(), command=st.sampled_from(["check", "plan"]))
def test_check_and_plan_on_mutated_template_text(capsys, text, command):
    _check_other_command(text.encode(), capsys, command)


@given(mutated_templates())
def test_check_and_plan_on_mutated_templates_raise_nothing_but_invalid_template_error(drawn):
    region = PARTITION_REGIONS[drawn.partition]
    check_template(drawn.template, region=region, parameters=drawn.parameters)
    try:
        plan_template(drawn.template, region=region, parameters=drawn.parameters)
    except InvalidTemplateError as failure:
        assert failure.errors


@given(mutated_templates())
def test_expand_on_mutated_templates_raises_only_invalid_template_error(drawn):
    try:
        expand(drawn.template, region=PARTITION_REGIONS[drawn.partition], parameters=drawn.parameters)
    except InvalidTemplateError as failure:
        assert failure.errors


@given(text=mutated_template_text())
def test_parse_then_expand_raises_only_invalid_template_error(text):
    try:
        expand(parse(text, "t.yaml"))
    except InvalidTemplateError as failure:
        assert failure.errors
