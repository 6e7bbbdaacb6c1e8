"""The README and the docs keep their promises: the commands at the top, the differences table, and every block.

README.md and every page of docs/ that has commands to run are followed word for word, each
in a fresh copy of the clone: the README's first command (the setup) is run once, and the
virtualenv it makes serves every page.
"""

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
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _differences_ids() -> list[str]:
    return re.findall(r"^\| `([a-z-]+)` \|", _text(ROOT / "docs" / "differences.md"), flags=re.MULTILINE)


def test_the_differences_table_is_the_tested_table():
    assert sorted(_differences_ids()) == sorted(DIFFERENCES)


def test_every_difference_is_exercised_by_a_fixture():
    exercised = {name for case in all_cases() for name in case.differences}
    assert exercised == set(DIFFERENCES)


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", _text(README), flags=re.DOTALL)


def test_readme_opens_with_the_setup_and_test_commands():
    setup, tests = _commands()[:2]
    assert "pip install" in setup and "samtransform expand fixtures/seed/template.yaml" in setup
    assert "'.[test]'" in tests and "pytest" in tests
    first_block = _text(README).index("```")
    assert _text(README).index(f"```sh\n{setup}\n```") == first_block  # nothing comes before them


def test_ci_runs_the_readme_test_command():
    test_command = _commands()[1].split("&& ", 2)[2]
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_the_seed_fixture_is_the_users_example():
    seed = ROOT.parent / "shared" / "examples" / "seed"
    if seed.exists():  # beside ../shared, as on CI and in development
        for name in ("template.yaml", "statemachine/alias.asl.json"):
            assert (ROOT / "fixtures" / "seed" / name).read_bytes() == (seed / name).read_bytes()


# --------------------------------------------------------------------------- the docs, followed word for word
#
# Every fenced block is one of:
# - `sh`: commands, run in order with bash in a fresh copy of the clone (`.venv/bin` first on
#   PATH), each must succeed; or a block whose first line says why it is not run;
# - `console`: `$ command` lines, each followed by exactly what it prints (stdout and stderr);
# - `python`: a library snippet, run by the virtualenv's Python: it must succeed, print, and
#   print what PRINTS names for its file;
# - `toml`, `json`, `yaml`: a file, named in backquotes at the end of the line before the block
#   ("... in `samconfig.toml`:"), written where the commands after it use it; a `yaml` block
#   that names no file is a template excerpt, which samtransform's loader must read;
# - `text`: synopses and example messages (the rule examples are checked in test_checks_docs).

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
NOT_RUN = "# not run by tests/test_readme.py: "
FILE_NAME = re.compile(r"`([^`]+)`[^`]*:$")
RUNS = ("sh", "console", "python")
# What a file's Python snippets must print, beyond printing something.
SEED_YAML = ("AliasStateMachineAliasmain:", "!Ref AliasStateMachineVersion")
PRINTS = {"README.md": SEED_YAML, "docs/usage.md": SEED_YAML, "docs/adopt.md": ("AliasStateMachineAliaslive",)}


def blocks(path: Path) -> list[tuple[str, str, str]]:
    """(language, body, the line before the block) for every fenced block of a file, in order."""
    text = _text(path)
    return [(match.group(1), match.group(2), text[:match.start()].rstrip().splitlines()[-1])
            for match in FENCE.finditer(text)]


def _runs(language: str, body: str) -> bool:
    return language in RUNS and not body.startswith(NOT_RUN)


FOLLOWED = [README] + [path for path in DOCS if any(_runs(*block[:2]) for block in blocks(path))]


def test_the_pages_with_commands_are_followed():
    assert [_name(path) for path in FOLLOWED] == [
        "README.md", "docs/adopt.md", "docs/library.md", "docs/plan.md", "docs/rules.md", "docs/usage.md"]


@pytest.mark.parametrize("path", [README, *DOCS], ids=_name)
def test_every_block_is_run_or_says_why_not(path):
    for language, body, before in blocks(path):
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


def _environment(clone: Path) -> dict:
    environment = {**os.environ, "PATH": f"{clone / '.venv' / 'bin'}:{os.environ['PATH']}",
                   "PYTHONDONTWRITEBYTECODE": "1"}
    environment.pop("PYTHONPATH", None)  # the clone's own install, not this checkout
    environment.pop("VIRTUAL_ENV", None)
    return environment


def _shell(command: str, clone: Path, environment: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(["bash", "-c", command], cwd=clone, env=environment, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=900)  # no terminal: adopt does not ask
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


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh copy of the clone in which the README's first command (the setup) has run."""
    clone = _fresh_copy(tmp_path_factory.mktemp("readme"))
    setup = _commands()[0]
    result = _shell(setup, clone, _environment(clone))
    assert result.returncode == 0, f"{setup}\n{result.stdout}\n{result.stderr}"
    return clone


@pytest.mark.parametrize("path", FOLLOWED, ids=_name)
def test_the_docs_work_word_for_word_in_a_fresh_clone(path, installed, tmp_path):
    """Each file's blocks in order: the README in the copy its setup ran in, a page of docs/ in a
    fresh copy of its own with that virtualenv."""
    if path == README:
        clone, steps = installed, blocks(path)[1:]  # its first block is the setup, already run
    else:
        clone, steps = _fresh_copy(tmp_path), blocks(path)
        (clone / ".venv").symlink_to(installed / ".venv")
    environment = _environment(clone)
    written: list[str] = []
    pre_commit_config = None
    for language, body, before in steps:
        if language == "sh" and not body.startswith(NOT_RUN):
            result = _shell(body, clone, environment)
            assert result.returncode == 0, f"{body}\n{result.stdout}\n{result.stderr}"
        elif language == "console":
            for command, expected in _console(body):
                result = _shell(command, clone, {**environment, "COLUMNS": "200"})
                assert result.stdout + result.stderr == expected, command
        elif language == "python":
            result = _shell(f".venv/bin/python - <<'SNIPPET'\n{body}SNIPPET", clone, environment)
            assert result.returncode == 0 and result.stderr == "", result.stderr
            assert result.stdout and all(shown in result.stdout for shown in PRINTS.get(_name(path), ())), \
                result.stdout
        elif language in ("toml", "json", "yaml") and FILE_NAME.search(before):
            name = FILE_NAME.search(before).group(1)
            if name == ".pre-commit-config.yaml":
                pre_commit_config = body
            else:
                (clone / name).write_text(body)
                written.append(name)
    if ".cfnlintrc" in written:  # it names the plugin: cfn-lint runs it without --append-rules
        result = _shell("cfn-lint -f parseable fixtures/seed/template.yaml", clone, environment)
        assert ":W9401:" in result.stdout, result.stdout + result.stderr
    if pre_commit_config is not None:
        _pre_commit(tmp_path, clone, environment, pre_commit_config)


def _pre_commit(folder: Path, clone: Path, environment: dict, config: str) -> None:
    """A page's .pre-commit-config.yaml, pointed at the clone, in a project of its own."""
    git = ["git", "-c", "user.name=readme", "-c", "user.email=readme@example.com", "-c", "init.defaultBranch=main"]
    subprocess.run(["bash", "-c", "rm -rf machine.yaml samconfig.toml params.json .cfnlintrc"], cwd=clone, check=True)
    subprocess.run([*git, "init", "-q"], cwd=clone, check=True)
    (clone / ".git" / "info" / "exclude").write_text("/.venv\n")  # the virtualenv, a link to the shared one
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
