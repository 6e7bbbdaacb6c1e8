"""Parameter values from samconfig.toml and CloudFormation's parameters file; the command line wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samtransform import cli
from samtransform.io.parameters import ParameterError, read_parameters_file, read_samconfig

TEMPLATE = ("Parameters:\n  Alias: {Type: String}\n  Stage: {Type: String, Default: dev}\nResources:\n  M:\n"
            "    Type: AWS::Serverless::StateMachine\n    Properties:\n      AutoPublishAlias: !Ref Alias\n"
            "      Role: !Sub 'arn:aws:iam::123456789012:role/${Stage}'\n      Definition: {StartAt: A, States: {A: {Type: Succeed}}}\n")
SAMCONFIG = """version = 0.1
[default.deploy.parameters]
parameter_overrides = "Alias=live Stage=\\"prod eu\\""

[staging.global.parameters]
parameter_overrides = ["Alias=blue", "Stage=staging"]

[staging.build.parameters]
parameter_overrides = "Alias=wrong"

[empty.deploy.parameters]
stack_name = "app"
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "samconfig.toml").write_text(SAMCONFIG)
    (tmp_path / "params.json").write_text(json.dumps([{"ParameterKey": "Alias", "ParameterValue": "green"}]))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def expand(capsys, *argv):
    code = cli.main(["expand", "template.yaml", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def alias_and_role(out: str) -> tuple[str, str]:
    resources = json.loads(out)["Resources"]
    (alias,) = [key for key in resources if key.startswith("MAlias")]
    return alias, resources["M"]["Properties"]["RoleArn"]


def test_samconfig_deploy_parameters_of_the_default_environment(project):
    assert read_samconfig("samconfig.toml", "default") == {"Alias": "live", "Stage": "prod eu"}


def test_samconfig_falls_back_to_global_parameters_not_another_command(project):
    assert read_samconfig("samconfig.toml", "staging") == {"Alias": "blue", "Stage": "staging"}
    assert read_samconfig("samconfig.toml", "empty") == {}


def test_config_env_alone_reads_samconfig_toml_in_the_current_folder(project, capsys):
    code, out, err = expand(capsys, "--config-env", "staging")
    assert (code, err) == (0, "")
    assert alias_and_role(out) == ("MAliasblue", {"Fn::Sub": "arn:aws:iam::123456789012:role/${Stage}"})


def test_config_file_and_the_command_line_wins(project, capsys):
    (project / "other.toml").write_text(SAMCONFIG)
    code, out, _ = expand(capsys, "--config-file", "other.toml", "--parameter-overrides", "Alias=red")
    assert code == 0 and alias_and_role(out)[0] == "MAliasred"


def test_parameters_file_as_aws_cli_spells_it(project, capsys):
    assert read_parameters_file("params.json") == {"Alias": "green"}
    code, out, _ = expand(capsys, "--parameters", "file://params.json")
    assert code == 0 and alias_and_role(out)[0] == "MAliasgreen"
    code, out, _ = expand(capsys, "--config-env", "staging", "--parameters", "file://params.json",
                          "--parameter-overrides", "Alias=last")
    assert code == 0 and alias_and_role(out)[0] == "MAliaslast"


def test_check_reads_the_same_parameter_sources(project, capsys):
    template = project / "template.yaml"
    template.write_text(TEMPLATE.replace("Alias: {Type: String}", "Alias: {Type: String, Default: '1'}"))
    assert cli.main(["check", "template.yaml"]) == 1  # '1' is not an alias name (E9109)
    capsys.readouterr()
    assert cli.main(["check", "template.yaml", "--config-env", "staging"]) == 0
    assert capsys.readouterr().out == ""


def test_an_environment_with_a_typo_gets_a_suggestion(project, capsys):
    (project / "samconfig.toml").write_text("version = 0.1\n[prod.deploy.parameters]\nparameter_overrides = 'A=1'\n"
                                            "[staging.deploy.parameters]\nparameter_overrides = 'A=2'\n")
    code, out, err = expand(capsys, "--config-env", "prd")
    assert (code, out) == (2, "")
    assert err == ("samtransform: error: config file samconfig.toml has no environment 'prd' (it has: prod, staging); "
                   "did you mean 'prod'?\n")


@pytest.mark.parametrize("content, message", [
    ("[default", "is not TOML"),
    ("[prod.deploy.parameters]\nparameter_overrides = 'A=1'\n", "has no environment 'default' (it has: prod)\n"),
    ("version = 0.1\n[prod.deploy.parameters]\nparameter_overrides = 'A=1'\n",
     "has no environment 'default' (it has: prod)\n"),  # `version` is not an environment
    ("version = 0.1\n", "has no environment 'default' (it has none)\n"),
    ("[default.deploy.parameters]\nparameter_overrides = 5\n", "must be a string or a list of strings"),
    ("[default.deploy.parameters]\nparameter_overrides = 'oops'\n", "'oops' is not KEY=VALUE"),
])
def test_a_broken_samconfig_is_a_usage_error_naming_the_file(project, capsys, content, message):
    (project / "samconfig.toml").write_text(content)
    code, out, err = expand(capsys, "--config-env", "default")
    assert (code, out) == (2, "")
    assert "samconfig.toml" in err and message in err


@pytest.mark.parametrize("content, message", [
    ("{", "is not JSON"),
    ('{"Alias": "x"}', "must be a JSON list"),
    ('[{"ParameterKey": "Alias", "UsePreviousValue": true}]', "entry 0: needs a string ParameterKey"),
])
def test_a_broken_parameters_file_is_a_usage_error(project, content, message):
    (project / "params.json").write_text(content)
    with pytest.raises(ParameterError, match=message):
        read_parameters_file("params.json")


def test_missing_files_are_usage_errors(project, capsys):
    for argv in (["--config-file", "nope.toml"], ["--parameters", "file://nope.json"]):
        code, _, err = expand(capsys, *argv)
        assert code == 2 and "cannot read" in err and "nope" in err


def test_python_3_10_reads_samconfig_with_tomli(project, monkeypatch):
    """tomllib is new in Python 3.11; on 3.10 the same parser comes from the `tomli` dependency."""
    import sys
    import tomllib
    import types

    from samtransform.io import parameters

    tomli = types.ModuleType("tomli")
    tomli.load, tomli.loads = tomllib.load, tomllib.loads
    monkeypatch.setitem(sys.modules, "tomli", tomli)
    monkeypatch.setattr(sys, "version_info", (3, 10, 14))
    monkeypatch.delitem(sys.modules, "tomllib")
    assert parameters._toml() is tomli
    assert read_samconfig("samconfig.toml", "default") == {"Alias": "live", "Stage": "prod eu"}
    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    assert "tomli>=1.1; python_version < '3.11'" in pyproject["project"]["dependencies"]
