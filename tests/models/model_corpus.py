"""The templates every model must pass without a finding: the repository's fixtures (their
expected outputs too) and the real public templates in ../shared/examples/realworld.

Deliberate error and trigger fixtures are left out: they are built to fail.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from samtransform import expand_template, load
from samtransform.errors import InvalidTemplateError

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "fixtures"
REALWORLD = next((folder for folder in (ROOT.parent / "shared" / "examples" / "realworld",
                                        ROOT.parent.parent / "shared" / "examples" / "realworld") if folder.is_dir()),
                 None)


def _deliberate(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts if path.is_relative_to(ROOT) else ()
    return any(part.startswith("error_") for part in parts) or "checks" in parts


@lru_cache(maxsize=None)
def templates() -> tuple[tuple[str, dict, Path], ...]:
    """(name, parsed template, its folder) for every readable template in both corpora."""
    found = []
    for corpus in (FIXTURES, REALWORLD):
        if corpus is None:
            continue
        for path in sorted(corpus.rglob("*")):
            if path.suffix not in (".yaml", ".yml", ".json") or not path.is_file() or _deliberate(path):
                continue
            if path.name.startswith("expected.") or "statemachine" in path.parts:
                continue
            try:
                template = load(str(path))
            except (InvalidTemplateError, UnicodeDecodeError, OSError):
                continue
            if isinstance(template, dict) and isinstance(template.get("Resources"), dict):
                found.append((path.relative_to(corpus).as_posix(), template, path.parent))
    return tuple(found)


@lru_cache(maxsize=None)
def cloudformation() -> tuple[tuple[str, dict], ...]:
    """(name, CloudFormation template): each corpus template expanded, and each expected output."""
    found = []
    for name, template, folder in templates():
        expansion = expand_template(template, base_dir=str(folder))
        if expansion.template is not None:
            found.append((name, expansion.template))
    for path in sorted(FIXTURES.glob("*/expected.*.json")):
        output = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(output, dict) and "Resources" in output and not _deliberate(path):
            found.append((path.relative_to(FIXTURES).as_posix(), output))
    return tuple(found)
