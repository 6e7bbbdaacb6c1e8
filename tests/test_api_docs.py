"""help(samtransform) reads as an API reference: every public name says what it is, what each
parameter means and what each field holds; and its example works from any folder."""

from __future__ import annotations

import inspect
import io
import pydoc
import re
import subprocess
import sys
import textwrap
from contextlib import redirect_stdout
from pathlib import Path

import pytest

import samtransform
from samtransform.adoption.steps import Adoption, Change
from samtransform.core.context import Context
from samtransform.core.logical_ids import Generated
from samtransform.expansion.definition import DefinitionFacts
from samtransform.expansion.model import AlarmEntry, EventTarget

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = [name for name in samtransform.__all__ if name != "__version__"]
NAMED_TUPLES = [samtransform.Problem, samtransform.Location, samtransform.Located, samtransform.Expansion,
                samtransform.StateMachine, Context, Generated, DefinitionFacts, EventTarget, AlarmEntry, Adoption,
                Change]


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_has_its_own_docstring(name):
    value = getattr(samtransform, name)
    doc = inspect.getdoc(value) or ""
    assert len(doc) > 40, name
    assert not re.match(rf"{name}\(", doc), f"{name}: a named tuple's generated docstring"
    assert name in samtransform.__doc__, f"{name} is missing from the package's overview"


@pytest.mark.parametrize("name", [name for name in PUBLIC if inspect.isfunction(getattr(samtransform, name))])
def test_every_parameter_is_described(name):
    function = getattr(samtransform, name)
    doc = inspect.getdoc(function)
    described = doc + (inspect.getdoc(samtransform.expand_template) if "those of `expand_template`" in doc else "")
    for parameter in inspect.signature(function).parameters:
        assert f"`{parameter}`" in described, f"{name}: parameter {parameter} is not described"


@pytest.mark.parametrize("kind", NAMED_TUPLES, ids=lambda kind: kind.__name__)
def test_every_field_says_what_it_holds(kind):
    for field in kind._fields:
        doc = getattr(kind, field).__doc__ or ""
        assert doc and not doc.startswith("Alias for field number"), f"{kind.__name__}.{field}"


def test_help_has_no_generated_field_boilerplate():
    text = io.StringIO()
    with redirect_stdout(text):
        pydoc.help(samtransform)
    help_text = text.getvalue()
    assert "Alias for field number" not in help_text
    for kind in ("Problem", "Location", "Located", "Expansion", "StateMachine", "LoadedTemplate"):
        assert f"class {kind}(" in help_text, kind
    assert "the AutoPublishAlias as resolved" in help_text  # StateMachine.alias_name, in the package's help


def test_the_help_example_runs_from_another_folder(tmp_path):
    """The package docstring's example, run as written from the clone and from elsewhere."""
    example = textwrap.dedent(samtransform.__doc__.split("\n\n")[1])
    assert 'load("fixtures/seed/template.yaml")' in example
    for folder, path in ((ROOT, "fixtures/seed/template.yaml"),
                         (tmp_path, str(ROOT / "fixtures" / "seed" / "template.yaml"))):
        code = example.replace("fixtures/seed/template.yaml", path)
        result = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert '"AliasStateMachineAliasmain"' in result.stdout


LIBRARY = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")


def test_docs_library_names_every_public_name_and_field():
    for name in PUBLIC:
        assert f"`{name}" in LIBRARY or f"### {name}" in LIBRARY, name
    for kind in (samtransform.Problem, samtransform.Expansion, samtransform.StateMachine):
        table = LIBRARY.split(f"### {kind.__name__}\n", 1)[1].split("\n#", 1)[0]
        for field in kind._fields:
            assert f"`{field}`" in table, f"{kind.__name__}.{field}"


def test_docs_library_example_runs_in_the_clone():
    code = re.search(r"```python\n(.*?)```", LIBRARY, re.S).group(1)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "AliasStateMachineAliasmain" in result.stdout and "W9401" in result.stdout


def test_the_usage_synopsis_shows_every_command_and_option():
    from samtransform import __version__
    from samtransform.cli.arguments import build_parser

    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    synopsis = usage.split("## Commands and options\n", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    _, commands = build_parser(__version__)
    for command, parser in commands.items():
        usage = " ".join(re.findall(rf"^samtransform {command} .*(?:\n +.*)*", synopsis, re.M))
        assert usage, command
        for action in parser._actions:
            if action.option_strings and action.dest != "help":
                assert any(re.search(rf"{re.escape(option)}\b", usage) for option in action.option_strings), (
                    command, action.dest)


def test_the_top_help_names_every_command(capsys):
    from samtransform import cli

    assert cli.main(["--help"]) == 0
    description = " ".join(capsys.readouterr().out.split("\n\n")[1].split())
    assert description.startswith("Expand, check, plan and adopt AWS SAM state machines")
