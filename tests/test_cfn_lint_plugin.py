"""The cfn-lint plugin: real cfn-lint runs, with the rules from this checkout.

- the installed cfn-lint (whatever the test extra resolved to: the newest release, on CI);
- the oldest supported release (1.51.0, which still runs AWS SAM's translator before the
  rules) and the newest one known (1.58.0; no translator since 1.54), each in a virtualenv
  built once under the temporary folder from the package registry. Skipped when one cannot
  be installed; SAMTRANSFORM_CFN_LINT_VERSIONS="1.53.3,1.58.0" picks other releases.
Each run must report exactly what `samtransform check` reports, at the same lines and
columns, except where cfn-lint <= 1.53.3 stops at AWS SAM's translator (E0001) and runs
no rule at all. Test names contain "cfn_lint" so `-k "not cfn_lint"` skips them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

from samtransform.checks.command import check_files
from samtransform.io.locations import SourceMap

ROOT = Path(__file__).resolve().parent.parent
SEED = "fixtures/seed/template.yaml"
FIXTURES = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "fixtures" / "checks").glob("*/*.yaml"))
PLUGIN = ["--append-rules", "samtransform.cfnlint_rules"]
RUN_CFN_LINT = "import sys; from cfnlint.runner import main; sys.exit(main())"
SEED_WARNING = ("W9401", "alarm AliasStateMachineFailureAlarm needs 5 minutes of data to fire (Period 300 s x "
                         "EvaluationPeriods 1), but the LINEAR deployment (50 % every 2 minutes) watches its alarms "
                         "for 4 minutes at most: a failing version gets all traffic before this alarm can fire")
# Templates AWS SAM's translator refuses, so cfn-lint <= 1.53.3 reports E0001 and runs no rule.
TRANSLATOR_REFUSES = {
    "fixtures/checks/E9000/trigger.yaml",  # Name: 5
    "fixtures/checks/E9108/trigger.yaml",  # UseAliasAsEventTarget without AutoPublishAlias
    "fixtures/checks/W9303/near_miss.yaml",  # AutoPublishAlias: !Ref AliasName (aws/serverless-application-model#3694)
}
# The seed with RollbackAlarms: true in place of its alarm, and a CANARY and a LINEAR variant.
ROLLBACK_ALARMS = [f"fixtures/rollback_alarms_{name}/template.yaml" for name in ("seed", "canary", "linear")]
OLDEST_SUPPORTED = "1.51.0"  # the floor of the `cfn-lint` extra in pyproject.toml
RELEASES = [version for version in os.environ.get("SAMTRANSFORM_CFN_LINT_VERSIONS",
                                                  f"{OLDEST_SUPPORTED},1.58.0").split(",") if version]


def cfn_lint(python: str, *arguments: str, cwd: Path = ROOT, stdin: bytes | None = None) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([python, "-c", RUN_CFN_LINT, *arguments], cwd=cwd, env=env, input=stdin,
                            capture_output=True, timeout=600)
    assert result.returncode in (0, 2, 4, 6), result.stderr.decode()  # cfn-lint's bit flags: errors, warnings
    assert b"Traceback" not in result.stderr and b"E0002" not in result.stdout, result.stdout + result.stderr
    return result.stdout.decode()


def ours(parseable: str) -> dict[str, list[tuple]]:
    """samtransform's findings (and E0001) per file, from cfn-lint's `parseable` output."""
    found: dict[str, list[tuple]] = defaultdict(list)
    for line in parseable.splitlines():
        file, start_line, start_column, _, _, rule_id, message = line.split(":", 6)
        if rule_id[1] == "9" or rule_id == "E0001":
            found[file].append((int(start_line), int(start_column), rule_id, message))
    return found


def expected(file: str) -> list[tuple]:
    """`samtransform check`'s findings; one in a local ASL file is placed at the template's
    DefinitionUri by the plugin (cfn-lint points only into the template), and says where."""
    source = SourceMap((ROOT / file).read_text())
    found = []
    for entry in check_files([str(ROOT / file)]):
        if Path(entry.file) == ROOT / file:
            found.append((entry.line, entry.column, entry.problem.rule_id, entry.problem.message))
            continue
        where = f"{os.path.relpath(entry.file, ROOT)}:{entry.line}:{entry.column}"
        found.append((*source.position(entry.problem.path), entry.problem.rule_id,
                      f"{entry.problem.message} (at {where})"))
    return sorted(found)


def installed_version(python: str) -> tuple[int, ...]:
    output = subprocess.run([python, "-c", "import cfnlint.version as v; print(v.__version__)"],
                            capture_output=True, text=True, check=True).stdout
    return tuple(int(part) for part in output.strip().split("."))


def assert_agrees_with_check(python: str) -> None:
    found = ours(cfn_lint(python, "-f", "parseable", *FIXTURES, SEED, *PLUGIN))
    translates = installed_version(python) < (1, 54)
    for file in [*FIXTURES, SEED]:
        if translates and file in TRANSLATOR_REFUSES:
            assert [finding[2] for finding in found[file]] == ["E0001"], file
        else:
            assert sorted(found[file]) == expected(file), file


def assert_rollback_alarms_are_clean(python: str, folder: Path) -> None:
    """Neither the plugin on the SAM templates nor cfn-lint on their expansions finds fault with the alarms."""
    assert ours(cfn_lint(python, "-f", "parseable", *ROLLBACK_ALARMS, *PLUGIN)) == {}
    expanded = []
    for template in ROLLBACK_ALARMS:
        target = folder / (Path(template).parent.name + ".json")
        subprocess.run([sys.executable, "-m", "samtransform", "expand", template, "-o", str(target)], cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
        expanded.append(str(target))
    findings = cfn_lint(python, "-f", "parseable", *expanded).splitlines()
    # Only the seed's own `DependsOn: StateMachineLogGroup`, which every variant keeps.
    assert [line.split(":")[5] for line in findings] == ["W3005"] * len(ROLLBACK_ALARMS), findings


# --------------------------------------------------------------------------- the installed cfn-lint

def test_cfn_lint_seed_alarm_window_warning_at_period_line():
    output = cfn_lint(sys.executable, "-f", "parseable", SEED, *PLUGIN)
    assert f"{SEED}:79:7:79:13:{SEED_WARNING[0]}:{SEED_WARNING[1]}" in output.splitlines()


def test_cfn_lint_agrees_with_check_on_every_fixture():
    assert_agrees_with_check(sys.executable)


def test_cfn_lint_cfnlintrc_append_rules_and_json_format(tmp_path):
    shutil.copytree(ROOT / "fixtures" / "seed", tmp_path / "app")
    (tmp_path / ".cfnlintrc").write_text("templates:\n  - app/template.yaml\n"
                                         "append_rules:\n  - samtransform.cfnlint_rules\n")
    findings = json.loads(cfn_lint(sys.executable, "-f", "json", cwd=tmp_path))
    (warning,) = [finding for finding in findings if finding["Rule"]["Id"] == "W9401"]
    assert warning["Location"]["Start"] == {"LineNumber": 79, "ColumnNumber": 7}
    assert warning["Location"]["Path"] == ["Resources", "AliasStateMachineFailureAlarm", "Properties", "Period"]
    assert warning["Level"] == "Warning" and warning["Message"] == SEED_WARNING[1]
    assert warning["Rule"]["Source"].endswith("docs/rules.md#w9401-alarm-too-slow-for-the-rollout")


def test_cfn_lint_ignore_checks_and_metadata_suppression(tmp_path):
    assert "W9401" not in cfn_lint(sys.executable, "-f", "parseable", SEED, "--ignore-checks", "W94", *PLUGIN)
    text = (ROOT / SEED).read_text().replace(
        "  AliasStateMachineFailureAlarm:\n    Type: AWS::CloudWatch::Alarm\n",
        "  AliasStateMachineFailureAlarm:\n    Type: AWS::CloudWatch::Alarm\n"
        "    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [W9401]\n")
    shutil.copytree(ROOT / "fixtures" / "seed", tmp_path / "app")
    (tmp_path / "app" / "template.yaml").write_text(text)
    assert "W9401" not in cfn_lint(sys.executable, "-f", "parseable", "app/template.yaml", *PLUGIN, cwd=tmp_path)


def test_cfn_lint_finds_nothing_wrong_with_rollback_alarms(tmp_path):
    assert_rollback_alarms_are_clean(sys.executable, tmp_path)


def test_cfn_lint_leaves_templates_without_state_machines_alone(tmp_path):
    (tmp_path / "t.yaml").write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
    assert ours(cfn_lint(sys.executable, "-f", "parseable", "t.yaml", *PLUGIN, cwd=tmp_path)) == {}


def test_cfn_lint_extra_floor_is_the_oldest_tested_release():
    tomllib = pytest.importorskip("tomllib")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert extras["cfn-lint"] == [f"cfn-lint>={OLDEST_SUPPORTED}"]


# --------------------------------------------------------------------------- the oldest and newest releases

def cfn_lint_python(version: str) -> str:
    """A virtualenv with cfn-lint `version` and samtransform's dependencies, built once and kept.

    Runs on one machine share it without breaking each other: it is built in a folder of this
    run's own and named in one step, and a ready one is never deleted (a run that loses the
    race to name it discards its own copy).
    """
    tomllib = pytest.importorskip("tomllib")
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    # Named after what is in it, so a change of Python or of samtransform's dependencies builds anew.
    key = hashlib.sha256(repr((sys.version_info[:2], dependencies)).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"samtransform-cfn-lint-{version}-{key}"
    if (folder / "ready").exists():
        return str(folder / "bin" / "python")
    return str(_build_environment(folder, version, dependencies) / "bin" / "python")


def _build_environment(folder: Path, version: str, dependencies: list[str]) -> Path:
    """Build the environment under a private name beside `folder`, then name it `folder` with one
    symbolic link (a venv cannot be moved: its scripts name their own path). Returns the
    environment to use: the one `folder` names when another run named it first."""
    private = Path(tempfile.mkdtemp(prefix=f"{folder.name}.", dir=folder.parent))
    python = private / "bin" / "python"
    subprocess.run([sys.executable, "-m", "venv", str(private)], check=True, capture_output=True)
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", f"cfn-lint=={version}", *dependencies],
                             capture_output=True, text=True, timeout=900)
    if install.returncode != 0:
        shutil.rmtree(private, ignore_errors=True)
        pytest.skip(f"cannot install cfn-lint {version}: {install.stderr.strip()[-300:]}")
    (private / "ready").write_text(version)
    try:
        os.symlink(private, folder)
    except FileExistsError:
        if (folder / "ready").exists():  # another run named its own first: use it, drop ours
            shutil.rmtree(private, ignore_errors=True)
            return folder
        return private  # a half-built folder of an interrupted run: left alone, ours is used
    return folder


@pytest.mark.parametrize("version", RELEASES)
def test_cfn_lint_release_seed_and_every_fixture(version):
    python = cfn_lint_python(version)
    assert installed_version(python) == tuple(int(part) for part in version.split("."))
    output = cfn_lint(python, "-f", "parseable", SEED, *PLUGIN)
    assert f"{SEED}:79:7:79:13:{SEED_WARNING[0]}:{SEED_WARNING[1]}" in output.splitlines()
    assert_agrees_with_check(python)


@pytest.mark.parametrize("version", RELEASES)
def test_cfn_lint_release_finds_nothing_wrong_with_rollback_alarms(version, tmp_path):
    assert_rollback_alarms_are_clean(cfn_lint_python(version), tmp_path)


@pytest.mark.parametrize("version", RELEASES)
def test_cfn_lint_release_reads_sam_from_stdin(version):
    python = cfn_lint_python(version)
    if installed_version(python) < (1, 54):
        pytest.skip("before 1.54 a template from stdin reaches the rules translated: the plugin leaves it")
    trigger = ROOT / "fixtures" / "checks" / "E9102" / "trigger.yaml"
    found = ours(cfn_lint(python, "-f", "parseable", *PLUGIN, stdin=trigger.read_bytes()))
    assert [finding for findings in found.values() for finding in findings] == [
        (14, 9, "E9102", "Percentage 100 is not an integer from 1 to 99")]


ALIAS_FROM_PARAMETER = ("Parameters:\n  AliasName:\n    Type: String\nResources:\n  Machine:\n"
                        "    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                        "      AutoPublishAlias: !Ref AliasName\n      Role: arn:aws:iam::123456789012:role/machine\n"
                        "      Definition:\n        StartAt: Done\n        States:\n          Done: {Type: Succeed}\n")


@pytest.mark.parametrize("version", RELEASES)
def test_cfn_lint_release_parameters_reach_the_rules_and_advice_names_its_options(version, tmp_path):
    python = cfn_lint_python(version)
    if installed_version(python) < (1, 54):
        pytest.skip("before 1.54 AWS SAM's translator refuses AutoPublishAlias: !Ref (E0001) before any rule runs")
    (tmp_path / "t.yaml").write_text(ALIAS_FROM_PARAMETER)
    found = ours(cfn_lint(python, "-f", "parseable", "t.yaml", *PLUGIN, cwd=tmp_path))["t.yaml"]
    assert [(rule_id, message) for _, _, rule_id, message in found] == [
        ("E9109", "parameter 'AliasName' has no Default; give its value with --parameters AliasName=<alias name>")]
    assert "--parameter-overrides" not in found[0][3]
    for given in (["--parameters", "AliasName=live"], ["--parameters=AliasName=live"]):
        assert ours(cfn_lint(python, "-f", "parseable", "t.yaml", *given, *PLUGIN, cwd=tmp_path)) == {}
    # A value given through cfn-lint wins over the Default, and is judged as given.
    (tmp_path / "t.yaml").write_text(ALIAS_FROM_PARAMETER.replace("Type: String\n", "Type: String\n    Default: live\n"))
    assert ours(cfn_lint(python, "-f", "parseable", "t.yaml", *PLUGIN, cwd=tmp_path)) == {}
    bad = ours(cfn_lint(python, "-f", "parseable", "t.yaml", "--parameters", "AliasName=1", *PLUGIN, cwd=tmp_path))
    assert [(rule_id, message) for _, _, rule_id, message in bad["t.yaml"]] == [
        ("E9109", "alias name '1' must contain at least one letter (CloudFormation's StateMachineAlias Name pattern)")]


def test_one_rule_class_per_catalog_rule_with_its_words():
    from cfnlint.helpers import create_rules

    from samtransform import cfnlint_rules
    from samtransform.core.catalog import RULES

    made = create_rules(cfnlint_rules)  # what cfn-lint instantiates from the module
    assert [(type(rule).__name__, rule.id, rule.shortdesc, rule.description, rule.source_url) for rule in made] == \
        sorted((f"Samtransform{rule.id}", rule.id, rule.summary, rule.description, rule.doc_url) for rule in RULES)
