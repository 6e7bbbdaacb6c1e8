"""The templates every model must pass without a finding: the repository's fixtures (their
expected outputs too) and the real public templates in ../shared/examples/realworld.

Deliberate error, trigger and warning fixtures are left out: they are built to fail.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from corpus import REALWORLD

from samtransform import expand_template, load
from samtransform.core.problems import InvalidTemplateError

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "fixtures"


def _deliberate(path: Path) -> bool:
    """An error fixture, a check's trigger or near miss, or a fixture that expands with a deliberate warning."""
    parts = path.relative_to(ROOT).parts if path.is_relative_to(ROOT) else ()
    return any(part.startswith("error_") for part in parts) or "checks" in parts or (
        bool(parts) and (path.parent / "warnings.json").exists())


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


def state_machines():
    """(name, logical ID, Properties) of every AWS::Serverless::StateMachine in the corpus."""
    for name, template, _ in templates():
        for logical_id, resource in template["Resources"].items():
            if isinstance(resource, dict) and resource.get("Type") == "AWS::Serverless::StateMachine" \
                    and isinstance(resource.get("Properties"), dict):
                yield name, logical_id, resource["Properties"]


def events(*kinds: str):
    """(name, state machine, event name, event Properties) of each state machine event of these Types."""
    for name, logical_id, properties in state_machines():
        found = properties.get("Events")
        for event_name, event in (found.items() if isinstance(found, dict) else ()):
            if isinstance(event, dict) and event.get("Type") in kinds and isinstance(event.get("Properties"), dict):
                yield name, logical_id, event_name, event["Properties"]


def resources(resource_type: str):
    """(name, logical ID, Properties) of each resource of this type, in the templates and their expansions."""
    seen = set()
    for name, template in cloudformation() + tuple((name, template) for name, template, _ in templates()):
        for logical_id, resource in template["Resources"].items():
            if isinstance(resource, dict) and resource.get("Type") == resource_type:
                properties = resource.get("Properties", {})
                key = (name, logical_id, repr(properties))
                if key not in seen:
                    seen.add(key)
                    yield name, logical_id, properties
