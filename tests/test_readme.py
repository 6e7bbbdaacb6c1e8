"""The README keeps its promises: the differences table, the commands at the top, and every block."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from differences import DIFFERENCES

from cases import all_cases

from samtransform import load

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_difference_ids() -> list[str]:
    section = README.split("## Differences from AWS SAM", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE)


def test_readme_differences_table_is_the_tested_table():
    assert sorted(_readme_difference_ids()) == sorted(DIFFERENCES)


def test_every_difference_is_exercised_by_a_fixture():
    exercised = {name for case in all_cases() for name in case.differences}
    assert exercised == set(DIFFERENCES)


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README, flags=re.DOTALL)


def test_readme_opens_with_the_setup_and_test_commands():
    setup, tests = _commands()[:2]
    assert "pip install" in setup and "samtransform expand fixtures/seed/template.yaml" in setup
    assert "'.[test]'" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command():
    test_command = _commands()[1].split("&& ", 2)[2]
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_the_seed_fixture_is_the_users_example():
    seed = ROOT.parent / "shared" / "examples" / "seed"
    if seed.exists():  # beside ../shared, as on CI and in development
        for name in ("template.yaml", "statemachine/alias.asl.json"):
            assert (ROOT / "fixtures" / "seed" / name).read_bytes() == (seed / name).read_bytes()


# --------------------------------------------------------------------------- the README, followed word for word
#
# Every fenced block is one of:
# - `sh`: commands, run in order with bash in a fresh copy of the clone (`.venv/bin` first on
#   PATH), each must succeed; or a block whose first line says why it is not run;
# - `console`: `$ command` lines, each followed by exactly what it prints (stdout and stderr);
# - `python`: the library snippet, run by the virtualenv's Python;
# - `toml`, `json`, `yaml`: a file, named in backquotes at the end of the line before the block
#   ("... in `samconfig.toml`:"), written where the commands after it use it; a `yaml` block
#   that names no file is a template excerpt, which samtransform's loader must read;
# - `text`: synopses and example messages (the rule examples are checked in test_checks_docs).

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
NOT_RUN = "# not run by tests/test_readme.py: "
FILE_NAME = re.compile(r"`([^`]+)`[^`]*:$")


def readme_blocks() -> list[tuple[str, str, str]]:
    """(language, body, the line before the block) for every fenced block, in order."""
    return [(match.group(1), match.group(2), README[:match.start()].rstrip().splitlines()[-1])
            for match in FENCE.finditer(README)]


def test_every_block_is_run_or_says_why_not():
    for language, body, before in readme_blocks():
        assert language in ("sh", "console", "python", "toml", "json", "yaml", "text"), body
        if language == "sh" and body.startswith(NOT_RUN):
            assert len(body.splitlines()[0]) > len(NOT_RUN) + 10, body  # a reason
        if language in ("toml", "json"):
            assert FILE_NAME.search(before), f"name the file before the block: {body}"
        if language == "yaml" and not FILE_NAME.search(before):
            assert isinstance(load(body), dict), body  # a template excerpt: samtransform reads it


def _fresh_copy(folder: Path) -> Path:
    """The clone's files as a fresh checkout has them (tracked, or new and not ignored)."""
    clone = folder / "samtransform"
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    for name in listed.stdout.splitlines():
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    return clone


OFFLINE = ("Temporary failure in name resolution", "No matching distribution found", "Failed to establish",
           "Network is unreachable")


def _shell(command: str, clone: Path, environment: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(["bash", "-c", command], cwd=clone, env=environment, capture_output=True, text=True,
                            timeout=900)
    if result.returncode != 0 and "pip install" in command and any(sign in result.stderr for sign in OFFLINE):
        pytest.skip(f"no package index to install from: {result.stderr.strip()[-200:]}")
    return result


def _console(body: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block."""
    pairs: list[tuple[str, str]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:], ""))
        else:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + line + "\n")
    return pairs


def test_the_readme_works_word_for_word_in_a_fresh_clone(tmp_path):
    clone = _fresh_copy(tmp_path)
    environment = {**os.environ, "PATH": f"{clone / '.venv' / 'bin'}:{os.environ['PATH']}",
                   "PYTHONDONTWRITEBYTECODE": "1"}
    environment.pop("PYTHONPATH", None)  # the clone's own install, not this checkout
    environment.pop("VIRTUAL_ENV", None)
    pre_commit_config = None
    for language, body, before in readme_blocks():
        if language == "sh" and not body.startswith(NOT_RUN):
            result = _shell(body, clone, environment)
            assert result.returncode == 0, f"{body}\n{result.stdout}\n{result.stderr}"
        elif language == "console":
            for command, expected in _console(body):
                result = _shell(command, clone, {**environment, "COLUMNS": "200"})
                assert result.stdout + result.stderr == expected, command
        elif language == "python":
            result = _shell(f".venv/bin/python - <<'SNIPPET'\n{body}SNIPPET", clone, environment)
            assert result.returncode == 0, result.stderr
            assert "AliasStateMachineAliasmain:" in result.stdout and "!Ref AliasStateMachineVersion" in result.stdout
        elif language in ("toml", "json", "yaml") and FILE_NAME.search(before):
            name = FILE_NAME.search(before).group(1)
            if name == ".pre-commit-config.yaml":
                pre_commit_config = body
            else:
                (clone / name).write_text(body)
    # `.cfnlintrc` names the plugin: cfn-lint runs it without --append-rules.
    result = _shell("cfn-lint -f parseable fixtures/seed/template.yaml", clone, environment)
    assert ":W9401:" in result.stdout, result.stdout + result.stderr
    assert pre_commit_config is not None
    _pre_commit(tmp_path, clone, environment, pre_commit_config)


def _pre_commit(folder: Path, clone: Path, environment: dict, config: str) -> None:
    """The README's .pre-commit-config.yaml, pointed at the clone, in a project of its own."""
    git = ["git", "-c", "user.name=readme", "-c", "user.email=readme@example.com", "-c", "init.defaultBranch=main"]
    subprocess.run(["bash", "-c", "rm -rf machine.yaml samconfig.toml params.json .cfnlintrc"], cwd=clone, check=True)
    subprocess.run([*git, "init", "-q"], cwd=clone, check=True)
    subprocess.run([*git, "add", "-A"], cwd=clone, check=True)
    subprocess.run([*git, "commit", "-qm", "the clone"], cwd=clone, check=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    project = folder / "project"
    shutil.copytree(clone / "fixtures" / "seed", project)
    (project / ".pre-commit-config.yaml").write_text(
        config.replace("/path/to/samtransform", str(clone)).replace("0" * 40, commit))
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    installed = _shell(".venv/bin/pip install -q pre-commit", clone, environment)
    assert installed.returncode == 0, installed.stderr
    hooks = {**environment, "PRE_COMMIT_HOME": str(folder / "pre-commit-cache")}
    passed = subprocess.run([str(clone / ".venv" / "bin" / "pre-commit"), "run", "--all-files"], cwd=project,
                            env=hooks, capture_output=True, text=True, timeout=900)
    assert passed.returncode == 0 and "samtransform check" in passed.stdout, passed.stdout + passed.stderr
    (project / "template.yaml").write_text((clone / "fixtures" / "checks" / "E9101" / "trigger.yaml").read_text())
    failed = subprocess.run([str(clone / ".venv" / "bin" / "pre-commit"), "run", "--all-files"], cwd=project,
                            env=hooks, capture_output=True, text=True, timeout=900)
    assert failed.returncode == 1 and "E9101 Type 'LINEARR'" in failed.stdout, failed.stdout + failed.stderr
