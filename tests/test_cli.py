"""The samtransform command: outputs, exit codes, and nothing lost on failure."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from commands import run

from samtransform import __version__, cli, load
from samtransform.cli import expand as cli_expand

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "template.yaml"
BROKEN = "Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Name: 5\n"


def test_expands_the_seed_to_stdout(capsys):
    code, out, err = run(capsys, "expand", str(SEED))
    assert (code, err) == (0, "")
    alias = json.loads(out)["Resources"]["AliasStateMachineAliasmain"]["Properties"]["DeploymentPreference"]
    assert alias == {"Alarms": [{"Ref": "AliasStateMachineFailureAlarm"}], "Interval": 2, "Percentage": 50,
                     "Type": "LINEAR", "StateMachineVersionArn": {"Ref": "AliasStateMachineVersion"}}


def test_output_file_format_follows_its_suffix(tmp_path, capsys):
    for name, marker in (("out.json", '"Fn::GetAtt"'), ("out.yaml", "!GetAtt")):
        code, out, _ = run(capsys, "expand", str(SEED), "-o", str(tmp_path / name))
        assert (code, out) == (0, "")
        assert marker in (tmp_path / name).read_text()
        assert load(tmp_path / name)["Resources"]["AliasStateMachineVersion"]["DeletionPolicy"] == "Retain"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_yaml_to_stdout(capsys):
    code, out, _ = run(capsys, "expand", str(SEED), "--format", "yaml")
    assert code == 0 and "StateMachineVersionArn: !Ref AliasStateMachineVersion" in out


def test_region_sets_the_partition(tmp_path, capsys):
    template = tmp_path / "t.yaml"
    template.write_text("Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                        "      Policies: AWSLambdaRole\n      Definition: {StartAt: A}\n")
    code, out, _ = run(capsys, "expand", str(template), "--region", "cn-north-1")
    assert code == 0
    assert json.loads(out)["Resources"]["MRole"]["Properties"]["ManagedPolicyArns"] == [
        "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole"]


@pytest.mark.parametrize("overrides", [
    ["Alias=blue"], ["Alias=blue Other=x"], ["ParameterKey=Alias,ParameterValue=blue"],
])
def test_parameter_overrides_in_each_spelling(tmp_path, capsys, overrides):
    template = tmp_path / "t.yaml"
    template.write_text("Parameters: {Alias: {Type: String}, Other: {Type: String}}\nResources:\n  M:\n"
                        "    Type: AWS::Serverless::StateMachine\n    Properties:\n      AutoPublishAlias: !Ref Alias\n"
                        "      Role: arn:aws:iam::123456789012:role/r\n"
                        "      Definition: {StartAt: A, States: {A: {Type: Succeed}}}\n")
    code, out, err = run(capsys, "expand", str(template), "--parameter-overrides", *overrides)
    assert (code, err) == (0, "")
    assert "MAliasblue" in json.loads(out)["Resources"]


def test_invalid_template_exits_1_with_each_error_and_writes_nothing(tmp_path, capsys):
    template = tmp_path / "t.yaml"
    template.write_text(BROKEN)
    output = tmp_path / "out.json"
    output.write_text("previous")
    code, out, err = run(capsys, "expand", str(template), "-o", str(output))
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"{template}:5:7: E9000 5 is not of type 'string'"]
    assert output.read_text() == "previous"
    assert template.read_text() == BROKEN
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.json", "t.yaml"]


def test_stdin(monkeypatch, capsys):
    class Stdin:
        buffer = __import__("io").BytesIO(SEED.read_bytes().replace(b"DefinitionUri: statemachine/alias.asl.json",
                                                                     b"DefinitionUri: s3://b/k.json"))
    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, _ = run(capsys, "expand", "-")
    assert code == 0 and "AliasStateMachineAliasmain" in out


@pytest.mark.parametrize("argv", [
    [], ["expand"], ["expand", "a.yaml", "-t", "b.yaml"], ["expand", "x.yaml", "--format", "xml"],
    ["expand", "x.yaml", "--parameter-overrides", "novalue"], ["bogus"],
])
def test_usage_errors_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err


def test_missing_file_exits_1(capsys, tmp_path):
    code, _, err = run(capsys, "expand", str(tmp_path / "nope.yaml"))
    assert code == 1 and "file not found" in err


def test_an_internal_error_is_one_line_asking_for_a_report(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_expand, "expand_template", broken)
    code, _, err = run(capsys, "expand", str(SEED))
    assert code == 3
    assert len(err.splitlines()) == 1 and "please report" in err and "boom" in err


def test_python_dash_m_is_the_same_command():
    result = subprocess.run([sys.executable, "-m", "samtransform", "expand", str(SEED)], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Resources"]["AliasStateMachineVersion"]["UpdateReplacePolicy"] == "Retain"


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(capsys, flag):
    code, out, _ = run(capsys, flag)
    assert (code, out) == (0, f"samtransform {__version__}\n")


def test_help(capsys):
    code, out, _ = run(capsys, "expand", "--help")
    assert code == 0 and "--parameter-overrides" in out and "--errors-format" in out
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "expand" in out


def test_an_unwritable_output_is_a_usage_error(tmp_path, capsys):
    code, out, err = run(capsys, "expand", str(SEED), "-o", str(tmp_path / "no" / "such" / "folder.json"))
    assert (code, out) == (2, "")
    assert "cannot write" in err


def test_an_unsupported_api_setting_is_an_error_naming_the_event_not_a_crash(capsys):
    template = ROOT / "fixtures" / "error_api_settings_unsupported" / "template.yaml"
    code, out, err = run(capsys, "expand", str(template))
    assert (code, out) == (1, "")
    assert "template.yaml:4:5: E9000 Globals.Api sets AlwaysDeploy" in err
    assert "template.yaml:10:7: E9000 the API OrdersApi sets Domain" in err
    assert "(event 'PlaceOrder' of Orders)" in err


@pytest.mark.parametrize("command", ["expand", "check", "plan"])
def test_the_collector_is_back_on_after_a_command(capsys, command):
    # Each command turns the garbage collector off for its one big tree; a program (or a test
    # run) that calls main and goes on must not be left without it.
    assert gc.isenabled()
    cli.main([command, str(SEED)])
    assert gc.isenabled()
