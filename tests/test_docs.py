"""The docs hold together: every relative link and anchor resolves, every repository path they cite
exists, the generated parts are fresh, the code's citations of docs/aws-facts.md resolve, and the
README's picture is drawn from today's plan of the seed."""

from __future__ import annotations

import hashlib
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCED = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^()\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.MULTILINE)
# What a path of this repository starts with, when the docs cite one in backquotes.
REPOSITORY_ROOTS = ("samtransform/", "tests/", "scripts/", "schemas/", "fixtures/", "docs/", "benchmarks/", ".ci/")
REPOSITORY_FILES = ("README.md", "CHANGELOG.md", "LICENSE", "NOTICE", "pyproject.toml", ".pre-commit-hooks.yaml",
                    ".gitignore")


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def prose(text: str) -> str:
    """The text outside fenced blocks (whose lines stay, emptied, so that positions keep their line)."""
    return FENCED.sub(lambda block: "\n" * block.group(0).count("\n"), text)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text (links and code marks dropped), lower case,
    punctuation other than `-` and `_` removed, each space a hyphen."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "")
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor of a Markdown file; a repeated heading gets -1, -2, ... as on GitHub."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(prose(path.read_text(encoding="utf-8"))):
        slug = github_slug(heading)
        found.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return found


def relative_links(path: Path) -> list[str]:
    text = CODE_SPAN.sub("", prose(path.read_text(encoding="utf-8")))
    return [target for target in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_and_anchor_resolves(page):
    broken = []
    for target in relative_links(page):
        file_part, _, anchor = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        if not linked.exists() or ROOT not in linked.parents:
            broken.append(f"{target}: no such file")
        elif anchor and (linked.suffix != ".md" or anchor not in anchors(linked)):
            broken.append(f"{target}: no heading #{anchor} in {_name(linked)}")
    assert broken == []


def test_the_link_checker_knows_githubs_anchors(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Running `samtransform check`\n## E9102 Percentage out of range\n## Notes\n## Notes\n"
                    "## 5. AWS SAM's `AWS::Serverless::StateMachine`\n```text\n# not a heading\n```\n")
    assert anchors(page) == {"running-samtransform-check", "e9102-percentage-out-of-range", "notes", "notes-1",
                             "5-aws-sams-awsserverlessstatemachine"}


def _candidates(cited: str) -> list[str]:
    """The glob patterns a cited path stands for: `<name>` is any name, `{a,b}` either."""
    pattern = re.sub(r"<[^>]+>", "*", cited.split("#", 1)[0])
    choices = [part.split(",") for part in re.findall(r"\{([^}]*)\}", pattern)]
    template = re.sub(r"\{[^}]*\}", "{}", pattern)
    return [template.format(*choice) for choice in itertools.product(*choices)]


def cited_paths(page: Path) -> list[str]:
    """Every backquoted span of a page's prose that names a path of this repository."""
    spans = CODE_SPAN.findall(prose(page.read_text(encoding="utf-8")))
    return [span for span in spans if re.fullmatch(r"[\w./<>{},*#-]+", span)
            and (span.startswith(REPOSITORY_ROOTS) or span.split("#", 1)[0] in REPOSITORY_FILES)]


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_cited_repository_path_exists(page):
    missing = [cited for cited in cited_paths(page)
               if not all(any(ROOT.glob(candidate.rstrip("/"))) for candidate in _candidates(cited))]
    assert missing == []


def test_cited_paths_are_found_and_expanded():
    assert _candidates("fixtures/checks/<RULE>/{trigger,near_miss}.yaml") == [
        "fixtures/checks/*/trigger.yaml", "fixtures/checks/*/near_miss.yaml"]
    assert "samtransform/core/rollout.py" in cited_paths(ROOT / "docs" / "rules.md")


def test_the_generated_parts_are_fresh():
    result = subprocess.run([sys.executable, "scripts/generate_docs.py", "--check"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- citations of the AWS facts

CITATION = re.compile(r"aws-facts\.md (?:§|section )(\d+)")
CITING = [*PAGES, *sorted((ROOT / "samtransform").rglob("*.py")), *sorted((ROOT / "samtransform").rglob("*.json"))]


def _sections() -> set[str]:
    return set(re.findall(r"^## (\d+)\. ", (ROOT / "docs" / "aws-facts.md").read_text(encoding="utf-8"), re.M))


def test_every_citation_of_the_aws_facts_names_a_section():
    citations = {(_name(path), number) for path in CITING
                 for number in CITATION.findall(path.read_text(encoding="utf-8"))}
    assert len(citations) >= 10
    assert sorted(citation for citation in citations if citation[1] not in _sections()) == []


def test_the_project_cites_only_its_own_docs():
    # Notes kept outside the repository are no source: cite the AWS page, the package file or the issue.
    outside = [_name(path) for path in CITING if re.search(r"user-needs\.md|/work/|shared/docs",
                                                          path.read_text(encoding="utf-8"))]
    assert outside == []


# --------------------------------------------------------------------------- the picture of the seed's plan

SEED = "fixtures/seed/template.yaml"
PICTURES = ("docs/images/seed-plan-rollout.svg", "docs/images/seed-plan-resources.svg")
STAMP = re.compile(r"<!-- samtransform plan --format mermaid fixtures/seed/template\.yaml, Mermaid block (\d) of "
                   r"(\d), sha256 ([0-9a-f]{64}), drawn by @mermaid-js/mermaid-cli@[\d.]+ -->\n<svg ")


def test_the_pictures_are_drawn_from_todays_plan(capsys, monkeypatch):
    from samtransform import cli

    monkeypatch.chdir(ROOT)
    assert cli.main(["plan", "--format", "mermaid", SEED]) == 0
    sources = re.findall(r"^```mermaid\n(.*?)^```$", capsys.readouterr().out, re.M | re.S)
    assert len(sources) == len(PICTURES)
    for index, (picture, source) in enumerate(zip(PICTURES, sources), start=1):
        stamp = STAMP.match((ROOT / picture).read_text(encoding="utf-8"))
        assert stamp, f"{picture} does not say what it was drawn from: run python scripts/render_plan_picture.py"
        assert stamp.groups() == (str(index), str(len(sources)), hashlib.sha256(source.encode()).hexdigest()), (
            f"{picture} was drawn from another plan: run python scripts/render_plan_picture.py")


def test_the_pictures_show_the_seeds_verdict_and_the_readme_shows_them():
    rollout, resources = ((ROOT / picture).read_text(encoding="utf-8") for picture in PICTURES)
    assert "AliasStateMachineFailureAlarm 5-minute window, too slow" in rollout
    assert "AliasStateMachineAliasmain" in resources and "rolls back" in resources
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"]({picture})" in readme for picture in PICTURES)


def test_the_readme_stays_short():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 400
