"""`plan --previous`: the template as last deployed, from a file or from a git revision.

Each test builds its own git repository in tmp_path, with git's configuration kept out:
no global or system config (GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM), the identity and the
default branch given with -c, no repository found above tmp_path (GIT_CEILING_DIRECTORIES),
and no GIT_* variable of the environment the tests run in (a hook's GIT_DIR).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samtransform.core.limits import READ_GIT_MESSAGE_BYTES
from samtransform.core.problems import InvalidTemplateError
from samtransform.io.git_revision import open_revision
from samtransform.io.reading import ReadError, read_command
from samtransform.io.template_io import load
from samtransform.plan import PreviousTemplateError, plan_template, plan_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed"
DEFINITION = "statemachine/alias.asl.json"
URI_LINE = "48:7"  # where the seed's DefinitionUri is
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main",
       "-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false"]
SHARED_NOTE = ("the previous template's DefinitionUri is the same file as this one's (statemachine/alias.asl.json), "
               "read from the working tree for both: a change to it cannot show here; --previous with a git revision "
               "(HEAD) reads it as committed")


def environment(tmp_path: Path) -> dict:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return {**clean, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CEILING_DIRECTORIES": str(tmp_path)}


@pytest.fixture
def git_env(tmp_path, monkeypatch) -> dict:
    """The environment for git and samtransform, in this process too (the library runs git)."""
    env = environment(tmp_path)
    for key in [key for key in os.environ if key.startswith("GIT_")]:
        monkeypatch.delenv(key)
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_CEILING_DIRECTORIES"):
        monkeypatch.setenv(key, env[key])
    return env


def git(repo: Path, env: dict, *arguments: str) -> str:
    done = subprocess.run([*GIT, *arguments], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def commit(repo: Path, env: dict, message: str) -> str:
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-qm", message)
    return git(repo, env, "rev-parse", "HEAD")


def seed_project(repo: Path, env: dict, folder: str = "infra") -> Path:
    """A repository whose `folder` holds the seed (template and definition), committed; the template's path."""
    (repo / folder).mkdir(parents=True)
    shutil.copy(SEED / "template.yaml", repo / folder / "template.yaml")
    shutil.copytree(SEED / "statemachine", repo / folder / "statemachine")
    git(repo, env, "init", "-q")
    commit(repo, env, "deployed")
    return repo / folder / "template.yaml"


def change_definition(template: Path) -> None:
    definition = template.parent / DEFINITION
    text = definition.read_text()
    assert '"StringEquals": "D"' in text
    definition.write_text(text.replace('"StringEquals": "D"', '"StringEquals": "E"'))


def plan(cwd: Path, env: dict, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "samtransform", "plan", *arguments], cwd=cwd, env=env,
                          capture_output=True, text=True)


def verdict(result: subprocess.CompletedProcess) -> tuple:
    assert result.returncode == 0, result.stderr
    [machine] = json.loads(result.stdout)["state_machines"]
    return machine["publishes_version"], machine["reasons"], machine["shifts_traffic"]


def short(repo: Path, env: dict, revision: str = "HEAD") -> str:
    return git(repo, env, "rev-parse", revision)[:12]


def failed(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr, result.stderr
    return result.stderr


# --- a revision: the template and its files as committed --------------------------------------------

def test_a_definition_changed_since_head_publishes_a_version(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    assert verdict(plan(repo, git_env, "infra/template.yaml", "--previous", "HEAD", "--format", "json")) == (
        False, [], False)
    change_definition(template)
    result = plan(repo, git_env, "infra/template.yaml", "--previous", "HEAD", "--format", "json")
    assert verdict(result) == (True, ["definition"], True)
    assert json.loads(result.stdout)["previous"] == "HEAD:infra/template.yaml"
    text = plan(repo, git_env, "infra/template.yaml", "--previous", "HEAD")
    assert "  publishes a new version (definition changed)\n" in text.stdout


def test_every_kind_of_revision_reads_the_committed_definition(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    first = git(repo, git_env, "rev-parse", "HEAD")
    git(repo, git_env, "tag", "v1")
    git(repo, git_env, "branch", "deployed")
    change_definition(template)
    commit(repo, git_env, "a new choice")
    for revision in ("HEAD~1", "deployed", "v1", first, first[:10], "HEAD^", "main~1", "HEAD~1:infra/template.yaml",
                     "v1:./infra/template.yaml"):
        result = plan(repo, git_env, "infra/template.yaml", "--previous", revision, "--format", "json")
        assert verdict(result) == (True, ["definition"], True), revision
    for revision in ("HEAD", "main"):
        assert verdict(plan(repo, git_env, "infra/template.yaml", "--previous", revision, "--format", "json")) == (
            False, [], False)


def test_git_runs_from_the_templates_folder_not_the_current_one(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    change_definition(template)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = plan(elsewhere, git_env, str(template), "--previous", "HEAD", "--format", "json")
    assert verdict(result) == (True, ["definition"], True)
    result = plan(repo / "infra" / "statemachine", git_env, "../template.yaml", "--previous", "HEAD:./../template.yaml",
                  "--format", "json")
    assert verdict(result) == (True, ["definition"], True)


def test_a_copy_beside_the_template_cannot_see_its_definition_change_and_says_so(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    shutil.copy(template, template.parent / "old.yaml")  # the template as deployed, kept beside it
    change_definition(template)
    beside = plan(repo, git_env, "infra/template.yaml", "--previous", "infra/old.yaml", "--format", "json")
    assert verdict(beside) == (False, [], False)  # both read infra/statemachine/alias.asl.json as it is now
    [machine] = json.loads(beside.stdout)["state_machines"]
    assert machine["notes"][-1] == SHARED_NOTE
    committed = plan(repo, git_env, "infra/template.yaml", "--previous", "HEAD", "--format", "json")
    assert verdict(committed) == (True, ["definition"], True)
    [machine] = json.loads(committed.stdout)["state_machines"]
    assert SHARED_NOTE not in machine["notes"]


def test_a_previous_file_reads_its_definition_from_its_own_folder(tmp_path, git_env):
    """As docs/plan.md says: a file's DefinitionUri is relative to that file's folder."""
    current = tmp_path / "current"
    shutil.copytree(SEED, current)
    deployed = tmp_path / "deployed"
    shutil.copytree(SEED, deployed)
    change_definition(current / "template.yaml")
    result = plan(tmp_path, git_env, "current/template.yaml", "--previous", "deployed/template.yaml",
                  "--format", "json")
    assert verdict(result) == (True, ["definition"], True)
    [machine] = json.loads(result.stdout)["state_machines"]
    assert SHARED_NOTE not in machine["notes"]


def test_an_existing_file_wins_over_a_revision_of_its_name(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    shutil.copy(template, template.parent / "HEAD")
    change_definition(template)
    result = plan(template.parent, git_env, "template.yaml", "--previous", "HEAD", "--format", "json")
    assert verdict(result)[0] is False  # the file HEAD, whose definition is read from the working tree
    assert json.loads(result.stdout)["previous"] == "HEAD"
    result = plan(template.parent, git_env, "template.yaml", "--previous", "HEAD:infra/template.yaml", "--format",
                  "json")
    assert verdict(result) == (True, ["definition"], True)


def test_a_template_moved_between_revisions_is_named_with_its_old_path(tmp_path, git_env):
    repo = tmp_path / "repo"
    seed_project(repo, git_env, "old")
    git(repo, git_env, "mv", "old", "new")
    change_definition(repo / "new" / "template.yaml")
    commit(repo, git_env, "moved, and a new choice")
    result = plan(repo, git_env, "new/template.yaml", "--previous", "HEAD~1")
    assert failed(result) == (f"HEAD~1:new/template.yaml:1:1: E9000 file not found in revision HEAD~1 (commit "
                              f"{short(repo, git_env, 'HEAD~1')}); if the template had another path there, name it as "
                              "HEAD~1:PATH\n")
    result = plan(repo, git_env, "new/template.yaml", "--previous", "HEAD~1:old/template.yaml", "--format", "json")
    assert verdict(result) == (True, ["definition"], True)  # old/statemachine/... at HEAD~1
    assert json.loads(result.stdout)["previous"] == "HEAD~1:old/template.yaml"


def test_a_symbolic_link_is_followed_inside_the_revision_only(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    shared = repo / "infra" / "shared.asl.json"
    (template.parent / DEFINITION).rename(shared)
    (template.parent / DEFINITION).symlink_to("../shared.asl.json")
    commit(repo, git_env, "a link")
    change_definition(template)  # through the link
    assert verdict(plan(repo, git_env, "infra/template.yaml", "--previous", "HEAD", "--format", "json")) == (
        True, ["definition"], True)
    secret = tmp_path / "secret.asl.json"
    shutil.copy(shared, secret)
    (template.parent / DEFINITION).unlink()
    (template.parent / DEFINITION).symlink_to(secret)
    commit(repo, git_env, "a link out of the repository")
    (template.parent / DEFINITION).unlink()
    (template.parent / DEFINITION).symlink_to("../shared.asl.json")  # the working tree's is inside again
    result = plan(repo, git_env, "infra/template.yaml", "--previous", "HEAD")
    assert failed(result) == (f"HEAD:infra/template.yaml:{URI_LINE}: E9000 local definition file "
                              f"'{DEFINITION}' is a symbolic link that leads out of the repository: samtransform "
                              "reads only the revision's own files\n")


def test_the_folders_rule_holds_in_a_revision_as_in_the_working_tree(tmp_path, git_env):
    """docs/safety.md: a definition outside the template's folder, the current folder and the
    --definitions-root folders is refused, from a revision as from a file."""
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    current = template.read_text()
    (repo / "other").mkdir()
    shutil.copy(template.parent / DEFINITION, repo / "other" / "alias.asl.json")
    deployed = current.replace(f"DefinitionUri: {DEFINITION}", "DefinitionUri: ../other/alias.asl.json")
    template.write_text(deployed)
    commit(repo, git_env, "the definition beside the template's folder")
    template.write_text(current)
    (template.parent / "old.yaml").write_text(deployed)
    refused = ("E9000 local definition file '../other/alias.asl.json' is outside the template's folder and the "
               "current folder{roots}; samtransform reads a definition only from a file inside one of them, or inside "
               "a folder given with --definitions-root (docs/safety.md)\n")
    infra = template.parent
    assert failed(plan(infra, git_env, "template.yaml", "--previous", "old.yaml")) == (
        f"old.yaml:{URI_LINE}: {refused.format(roots='')}")
    assert failed(plan(infra, git_env, "template.yaml", "--previous", "HEAD")) == (
        f"HEAD:infra/template.yaml:{URI_LINE}: {refused.format(roots='')}")
    elsewhere = str(tmp_path / "elsewhere")
    assert failed(plan(infra, git_env, "template.yaml", "--previous", "HEAD", "--definitions-root", elsewhere)) == (
        f"HEAD:infra/template.yaml:{URI_LINE}: {refused.format(roots=' or ' + elsewhere)}")
    for arguments in (("--previous", "HEAD", "--definitions-root", "../other"),
                      ("--previous", "old.yaml", "--definitions-root", "../other")):
        assert verdict(plan(infra, git_env, "template.yaml", *arguments, "--format", "json")) == (False, [], False)
    # From the repository's top, the current folder holds both, in the working tree and in the revision.
    for previous in ("HEAD", "infra/old.yaml"):
        assert verdict(plan(repo, git_env, "infra/template.yaml", "--previous", previous, "--format", "json")) == (
            False, [], False)


# --- errors: each at a name, never a traceback ------------------------------------------------------

def test_not_a_git_repository(tmp_path, git_env):
    plain = tmp_path / "plain"
    shutil.copytree(SEED, plain)
    result = plan(tmp_path, git_env, "plain/template.yaml", "--previous", "HEAD")
    assert failed(result) == ("HEAD:1:1: E9000 no file of that name, and not a git revision: the template's folder "
                              "plain is in no git repository\n")
    result = plan(plain, git_env, "template.yaml", "--previous", "main:template.yaml")
    assert failed(result) == ("main:template.yaml:1:1: E9000 not a git revision: the current folder is in no git "
                              "repository\n")


def test_an_unknown_revision(tmp_path, git_env):
    repo = tmp_path / "repo"
    seed_project(repo, git_env)
    top = os.path.realpath(repo)
    no_file = "no file of that name, and "
    for argument, revision, prefix in (("v9", "v9", no_file), ("HEAD~1", "HEAD~1", no_file),
                                       ("old.yaml", "old.yaml", no_file), ("--output=x", "--output=x", no_file),
                                       ("nope:infra/template.yaml", "nope", "")):
        result = plan(repo, git_env, "infra/template.yaml", f"--previous={argument}")
        assert failed(result) == f"{argument}:1:1: E9000 {prefix}no revision {revision} in the git repository {top}\n"
    result = plan(repo, git_env, "infra/template.yaml", "--previous", ":infra/template.yaml")
    assert failed(result) == (":infra/template.yaml:1:1: E9000 no revision before the colon: write one, as in "
                              "HEAD:infra/template.yaml\n")


def test_the_template_not_in_the_revision(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    shutil.copy(template, template.parent / "new.yaml")
    result = plan(repo, git_env, "infra/new.yaml", "--previous", "HEAD")
    assert failed(result) == (f"HEAD:infra/new.yaml:1:1: E9000 file not found in revision HEAD (commit "
                              f"{short(repo, git_env)}); if the template had another path there, name it as "
                              "HEAD:PATH\n")
    result = plan(repo, git_env, "infra/new.yaml", "--previous", "HEAD:infra")
    assert failed(result) == "HEAD:infra:1:1: E9000 is a folder, not a file\n"
    result = plan(repo, git_env, "infra/new.yaml", "--previous", "HEAD:../x.yaml")
    assert failed(result) == f"HEAD:../x.yaml:1:1: E9000 is outside the git repository {os.path.realpath(repo)}\n"


def test_a_definition_file_not_in_the_revision(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    git(repo, git_env, "rm", "-q", "--cached", f"infra/{DEFINITION}")
    git(repo, git_env, "commit", "-qm", "the definition forgotten")
    result = plan(repo, git_env, "infra/template.yaml", "--previous", "HEAD")
    assert failed(result) == (f"HEAD:infra/template.yaml:{URI_LINE}: E9000 local definition file '{DEFINITION}' "
                              f"not found in revision HEAD (commit {short(repo, git_env)}) (paths are relative to the "
                              "template's folder)\n")
    assert (template.parent / DEFINITION).is_file()  # it is on disk; the revision is what counts


def test_a_broken_definition_in_the_revision_is_placed_in_it(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    definition = template.parent / DEFINITION
    good = definition.read_text()
    definition.write_text(good.replace('"StartAt": "Basic Choice",', '"StartAt": "Basic Choice"'))
    commit(repo, git_env, "broken")
    definition.write_text(good)
    result = plan(repo, git_env, "infra/template.yaml", "--previous", "HEAD")
    assert failed(result).startswith(f"HEAD:infra/{DEFINITION}:3:5: E9000 in local definition file '{DEFINITION}': ")


def test_no_git_on_the_path(tmp_path, git_env):
    repo = tmp_path / "repo"
    seed_project(repo, git_env)
    result = plan(repo, {**git_env, "PATH": str(tmp_path / "empty")}, "infra/template.yaml", "--previous", "HEAD")
    assert failed(result) == ("HEAD:1:1: E9000 no file of that name, and git, which reads a revision, is not installed "
                              "(no git on the PATH)\n")


def test_standard_input_needs_the_path_in_the_revision(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    change_definition(template)
    with template.open() as stdin:
        result = subprocess.run([sys.executable, "-m", "samtransform", "plan", "-", "--previous", "HEAD"], cwd=repo,
                                env=git_env, stdin=stdin, capture_output=True, text=True)
    assert failed(result) == (f"HEAD:1:1: E9000 the template's own path is not known (standard input, or text), nor "
                              f"then its path in revision HEAD (commit {short(repo, git_env)}): name the file, as in "
                              "HEAD:template.yaml\n")
    with template.open() as stdin:  # its own DefinitionUri is read from the current folder
        result = subprocess.run([sys.executable, "-m", "samtransform", "plan", "-", "--previous",
                                 "HEAD:infra/template.yaml", "--format", "json"], cwd=template.parent, env=git_env,
                                stdin=stdin, capture_output=True, text=True)
    assert verdict(result) == (True, ["definition"], True)


def test_a_partial_clone_is_not_fetched_from(tmp_path, git_env):
    origin = tmp_path / "origin"
    seed_project(origin, git_env)
    git(origin, git_env, "config", "uploadpack.allowFilter", "true")
    git(tmp_path, git_env, "-c", "protocol.file.allow=always", "clone", "-q", "--filter=blob:none", "--no-checkout",
        f"file://{origin}", "clone")
    clone = tmp_path / "clone"
    (clone / "infra").mkdir()
    shutil.copytree(SEED / "statemachine", clone / "infra" / "statemachine")
    shutil.copy(SEED / "template.yaml", clone / "infra" / "template.yaml")
    result = plan(clone, git_env, "infra/template.yaml", "--previous", "HEAD")
    assert failed(result) == ("HEAD:infra/template.yaml:1:1: E9000 is not in this clone (a partial clone leaves "
                              "files on its remote), and samtransform does not fetch: fetch HEAD with git first\n")


def test_git_writes_nothing_into_the_repository(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    change_definition(template)

    def snapshot() -> dict:
        return {path: (path.stat().st_mtime_ns, path.stat().st_size) for path in sorted(repo.rglob("*"))}

    before = snapshot()
    for revision in ("HEAD", "HEAD~3", "HEAD:infra/missing.yaml"):
        plan(repo, git_env, "infra/template.yaml", "--previous", revision)
    assert snapshot() == before


# --- the library --------------------------------------------------------------------------------------

def test_the_library_reads_a_revision_as_the_command_does(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    change_definition(template)
    result = plan_text(template.read_text(), str(template), base_dir=template.parent, previous_revision="HEAD")
    [machine] = result["state_machines"]
    assert (machine["publishes_version"], machine["reasons"]) == (True, ["definition"])
    assert result["previous"] == "HEAD:infra/template.yaml"
    files = open_revision("HEAD", str(template.parent))
    previous = load(files.read_text(str(template), 1 << 20, "the previous template"))
    result = plan_template(load(str(template)), previous=previous, previous_base_dir=template.parent,
                           previous_files=files)
    [machine] = result["state_machines"]
    assert (machine["publishes_version"], machine["reasons"]) == (True, ["definition"])
    with pytest.raises(PreviousTemplateError) as raised:
        plan_text(template.read_text(), "<template>", previous_revision="HEAD")
    assert "name the file, as in HEAD:template.yaml" in str(raised.value)
    with pytest.raises(TypeError):
        plan_text(template.read_text(), str(template), previous_text="{}", previous_revision="HEAD")


def test_a_file_in_a_revision_is_read_within_its_limit(tmp_path, git_env):
    repo = tmp_path / "repo"
    template = seed_project(repo, git_env)
    (repo / "large.json").write_text("[" + " " * (2 * READ_GIT_MESSAGE_BYTES) + "]")
    commit(repo, git_env, "large")
    files = open_revision("HEAD", str(repo))
    size = (template.parent / DEFINITION).stat().st_size
    assert files.read_text(str(template.parent / DEFINITION), size, "a definition file") == (
        template.parent / DEFINITION).read_text()
    for path, limit in ((template.parent / DEFINITION, size - 1), (repo / "large.json", 10)):
        with pytest.raises(InvalidTemplateError) as raised:
            files.read_text(str(path), limit, "a definition file")
        assert str(raised.value) == f"HEAD:{path.relative_to(repo).as_posix()}: is larger than {limit:,} bytes, " \
                                    "the most samtransform reads for it"


def test_a_command_is_read_within_its_limits_and_its_time(tmp_path):
    status, out, err = read_command([sys.executable, "-c", "import sys; print(sys.stdin.read().upper())"],
                                    str(tmp_path), 100, 100, 30, b"abc")
    assert (status, out, err) == (0, b"ABC\n", b"")
    with pytest.raises(ReadError) as raised:
        read_command([sys.executable, "-c", "print('x' * 100000)"], str(tmp_path), 1000, 100, 30)
    assert raised.value.reason == "is larger than 1,000 bytes, the most samtransform reads for it"
    with pytest.raises(ReadError) as raised:
        read_command([sys.executable, "-c", "import sys; sys.stderr.write('x' * 100000)"], str(tmp_path), 1000, 100, 30)
    assert raised.value.reason == "is larger than 100 bytes, the most samtransform reads for it"
    with pytest.raises(ReadError) as raised:
        read_command([sys.executable, "-c", "import time; time.sleep(60)"], str(tmp_path), 100, 100, 0.5)
    assert raised.value.reason == "took more than 0.5 seconds"
