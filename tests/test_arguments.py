"""The command line behaves as argparse, sam CLI and cfn-lint users expect.

Each case is one a user reported or would type: options given before the template, the
`=` form, attached short options, repeated options, several parameter values in one
argument. No option may take the template path as its own value.
"""

from __future__ import annotations

import json
import os

import pytest
from commands import run

from samtransform import __version__
from samtransform.cli.arguments import COMMANDS, build_parser, command_parser
from samtransform.io.parameters import parse_overrides


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_s_parser_built_alone_is_the_one_the_help_lists(name):
    # A run builds only its command's parser; its usage and help must be those of the full tree's.
    _, commands = build_parser(__version__)
    alone = command_parser(name)
    assert alone.format_usage() == commands[name].format_usage()
    assert alone.format_help() == commands[name].format_help()


def parse(*argv: str):
    _, commands = build_parser(__version__)
    args, extra = commands[argv[0]].parse_known_intermixed_args(list(argv[1:]))
    assert extra == []
    return args


@pytest.mark.parametrize("argv, templates, ignored", [
    (["check", "--ignore-checks=W94", "t.yaml"], ["t.yaml"], ["W94"]),
    (["check", "-i", "W94", "-i", "W93", "t.yaml"], ["t.yaml"], ["W94", "W93"]),
    (["check", "-iW94", "t.yaml"], ["t.yaml"], ["W94"]),
    (["check", "a.yaml", "-i", "W94", "b.yaml"], ["a.yaml", "b.yaml"], ["W94"]),
    (["check", "--strict", "a.yaml", "--format", "json", "b.yaml"], ["a.yaml", "b.yaml"], []),
])
def test_check_options_never_take_a_template(argv, templates, ignored):
    args = parse(*argv)
    assert (args.templates, args.ignore_checks) == (templates, ignored)


@pytest.mark.parametrize("argv, overrides", [
    (["--parameter-overrides", "Stage=prod", "t.yaml"], {"Stage": "prod"}),
    (["--parameter-overrides=Stage=prod", "t.yaml"], {"Stage": "prod"}),
    (["t.yaml", "--parameter-overrides", "A=1 B=2"], {"A": "1", "B": "2"}),
    (["--parameter-overrides", "A=1", "--parameter-overrides", "B=2", "t.yaml"], {"A": "1", "B": "2"}),
    (["--parameters", "A=1", "--parameters", "A=2", "t.yaml"], {"A": "2"}),  # the later value wins
    (["--parameter-overrides", "ParameterKey=A,ParameterValue='x, y=z'", "t.yaml"], {"A": "x, y=z"}),
    (["--parameter-overrides", "A='two words' B=\"x=y\"", "t.yaml"], {"A": "two words", "B": "x=y"}),
])
def test_parameter_overrides_never_take_the_template(argv, overrides):
    args = parse("expand", *argv)
    assert args.template == "t.yaml"
    assert parse_overrides(args.parameter_overrides) == overrides


def test_expand_template_file_and_output_spellings():
    args = parse("expand", "-t", "t.yaml", "--output-template-file", "out.json", "--region=eu-west-1")
    assert (args.template, args.template_file, args.output, args.region) == (None, "t.yaml", "out.json", "eu-west-1")
    assert parse("expand", "t.yaml", "-oout.yaml").output == "out.yaml"


SEVERAL_VALUES = ("samtransform: error: 'B=2' is not a template file; give several parameter values in one argument "
                  "(--parameter-overrides 'A=1 B=2') or repeat the option\n")


@pytest.mark.parametrize("command", ["expand", "check", "plan", "adopt"])
def test_several_values_after_one_option_get_a_hint(capsys, command):
    code, out, err = run(capsys, command, "t.yaml", "--parameter-overrides", "A=1", "B=2")
    assert (code, out) == (2, "")
    assert err.endswith(SEVERAL_VALUES)


# Every usage error the README documents for options, by command: the same message whatever the
# order of the template and the options, and with standard input.
USAGE_ERRORS = [
    (("expand", "check", "plan", "adopt"), ["--parameter-overrides", "A=1", "B=2"], SEVERAL_VALUES),
    (("expand", "check", "plan", "adopt"), ["--parameter-overrides", "novalue"],
     "samtransform: error: parameter override 'novalue' is not KEY=VALUE"),
    (("expand", "check", "plan", "adopt"), ["--parameter-overrides", "A='unclosed"], "No closing quotation"),
    (("expand", "check", "plan", "adopt"), ["--bogus"], "samtransform: error: unrecognized arguments: --bogus\n"),
    (("expand", "check", "plan"), ["--format", "xml"], "argument --format: invalid choice: 'xml'"),
    (("expand",), ["--compact", "--format", "yaml"], "--compact writes JSON on one line"),
    (("check",), ["-i", "X999"], "samtransform: error: argument -i/--ignore-checks: X999 names no rule "
                                 "(samtransform check --list-rules lists them)\n"),
    (("check",), ["-i", "W94,E9018"], "samtransform: error: argument -i/--ignore-checks: E9018 names no rule; "
                                      "did you mean E9108? (samtransform check --list-rules lists them)\n"),
]


@pytest.mark.parametrize("commands, options, message", USAGE_ERRORS, ids=lambda value: " ".join(value)
                         if isinstance(value, (list, tuple)) else None)
def test_usage_errors_in_any_order_and_with_standard_input(capsys, monkeypatch, commands, options, message):
    monkeypatch.setattr("sys.stdin", type("Stdin", (), {"buffer": __import__("io").BytesIO(b"Resources: {}\n")}))
    for command in commands:
        errors = set()
        template = "-" if command != "adopt" else "t.yaml"  # adopt edits a file: never standard input
        for arguments in ([template, *options], [*options, template], ["t.yaml", *options], [*options, "t.yaml"]):
            code, out, err = run(capsys, command, *arguments)
            assert (code, out) == (2, ""), (command, arguments)
            assert message in err, (command, arguments, err)
            errors.add(err)
        assert len(errors) == 1, (command, errors)


@pytest.mark.parametrize("argv", [[], ["--help"], ["expand", "--help"], ["check", "--help"]])
def test_help_fits_80_columns_in_a_wide_terminal(capsys, monkeypatch, argv):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run(capsys, *argv)
    text = out + err
    assert code == (2 if not argv else 0)
    assert text.startswith("usage: samtransform")
    assert max(len(line) for line in text.splitlines()) <= 80


def test_command_help_lists_the_shared_template_options(capsys):
    for command in ("expand", "check"):
        _, out, _ = run(capsys, command, "--help")
        for option in ("--region", "--parameter-overrides", "--config-file", "--config-env"):
            assert option in out, (command, option)


@pytest.mark.parametrize("argv, message", [
    (["bogus"], "invalid choice: 'bogus'"),
    (["expand", "t.yaml", "--format", "xml"], "invalid choice: 'xml'"),
    (["expand", "t.yaml", "--bogus"], "unrecognized arguments: --bogus"),
    (["expand", "t.yaml", "--compact", "--format", "yaml"], "--compact writes JSON on one line"),
    (["expand", "t.yaml", "--compact", "-o", "out.yml"], "--compact writes JSON on one line"),
    (["check"], "give at least one TEMPLATE"),
    (["expand", "t.yaml", "--parameter-overrides", "novalue"], "'novalue' is not KEY=VALUE"),
    (["expand", "t.yaml", "--parameter-overrides", "A='unclosed"], "No closing quotation"),
])
def test_usage_errors_are_one_message_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err and err.rstrip().splitlines()[-1].startswith("samtransform: error: ")


def test_output_that_is_the_input_is_refused(tmp_path, capsys):
    template = tmp_path / "template.yaml"
    text = "Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n" \
           "      Role: arn:aws:iam::123456789012:role/r\n      Definition: {StartAt: A}\n"
    template.write_text(text)
    os.symlink(template, tmp_path / "link.yaml")
    os.link(template, tmp_path / "hard.yaml")
    for output in (template, tmp_path / "." / "template.yaml", tmp_path / "link.yaml", tmp_path / "hard.yaml"):
        code, out, err = run(capsys, "expand", str(template), "-o", str(output))
        assert (code, out) == (2, ""), output
        assert "is the input template" in err
        code, _, _ = run(capsys, "expand", "-t", str(tmp_path / "link.yaml"), "--output", str(template))
        assert code == 2
    assert template.read_text() == text
    assert run(capsys, "expand", str(template), "-o", str(tmp_path / "out.json"))[0] == 0
    assert json.loads((tmp_path / "out.json").read_text())["Resources"]["M"]["Type"] == \
        "AWS::StepFunctions::StateMachine"
