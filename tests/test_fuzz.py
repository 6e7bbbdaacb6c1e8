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
from samtransform.io.template_io import parse

ERROR_LINE = re.compile(r"^.+:\d+:\d+: [EW]9\d{3} .+$")
WARNING_LINE = re.compile(r"^.+:\d+:\d+: W9\d{3} .+$")
DEFINITION_LINE = re.compile(r"^.+:\d+:\d+: E97\d\d .+$")
# capsys is read (and so emptied) after every example, so sharing it across examples is safe.
CLI = settings(suppress_health_check=list(HealthCheck))


def _run_cli(data: bytes, suffix: str = ".yaml", capsys=None):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "template" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        code = cli.main(["expand", path])
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


@CLI
@given(data=st.binary(max_size=300))
def test_cli_on_random_bytes(capsys, data):
    _check_cli(data, capsys)


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
