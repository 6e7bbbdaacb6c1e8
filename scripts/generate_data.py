#!/usr/bin/env python3
"""Regenerate samtransform/data/ (JSON tables) from a pinned aws-sam-translator's data files.

    python scripts/generate_data.py            # write the tables
    python scripts/generate_data.py --check    # exit 1 if the committed tables differ

The tables are facts about AWS (managed policy ARNs per partition, SAM's policy
templates, SAM's connector profiles for a state machine source), not code. They are taken from the package's data files only, and each
output file records the package, version, licence and the SHA-256 of its source.
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib import metadata, resources
from pathlib import Path

import pinned_outputs  # scripts/: run as `python scripts/<name>.py`

PACKAGE = "aws-sam-translator"
PINNED_VERSION = "1.115.0"
LICENCE = "Apache-2.0"
DATA_DIR = Path(__file__).resolve().parent.parent / "samtransform" / "data"

MANAGED_POLICIES_SOURCE = "internal/data/aws_managed_policies.json"
POLICY_TEMPLATES_SOURCE = "policy_templates_data/policy_templates.json"
CONNECTOR_PROFILES_SOURCE = "model/connector_profiles/profiles.json"
CONNECTOR_SOURCE_TYPE = "AWS::StepFunctions::StateMachine"  # the only source samtransform expands


def _source_bytes(relative: str) -> bytes:
    return resources.files("samtranslator").joinpath(relative).read_bytes()


def _provenance(relative: str, raw: bytes) -> dict:
    return {
        "package": PACKAGE,
        "version": metadata.version(PACKAGE),
        "license": LICENCE,
        "file": f"samtranslator/{relative}",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "generator": "scripts/generate_data.py",
    }


def managed_policies() -> dict[str, dict]:
    """One table per partition, so a run loads only the partition it expands for."""
    raw = _source_bytes(MANAGED_POLICIES_SOURCE)
    partitions = json.loads(raw)
    return {
        f"managed_policies/{name}.json": {
            "provenance": _provenance(MANAGED_POLICIES_SOURCE, raw),
            "partition": name,
            "policies": dict(sorted(table.items())),
        }
        for name, table in sorted(partitions.items())
    }


def policy_templates() -> dict:
    relative = POLICY_TEMPLATES_SOURCE
    raw = _source_bytes(relative)
    source = json.loads(raw)
    templates = {
        name: {
            "Parameters": sorted(body.get("Parameters", {})),
            "Definition": body["Definition"],
        }
        for name, body in sorted(source["Templates"].items())
    }
    return {"provenance": _provenance(relative, raw), "templates": templates}


def connector_profiles() -> dict:
    """The profiles whose source is a state machine, and how each resource type involved gives its ARN, name and role."""
    raw = _source_bytes(CONNECTOR_PROFILES_SOURCE)
    source = json.loads(raw)
    profiles = source["Permissions"][CONNECTOR_SOURCE_TYPE]
    involved = [CONNECTOR_SOURCE_TYPE, *profiles]
    properties = source["CfnResourceProperties"]
    return {
        "provenance": _provenance(CONNECTOR_PROFILES_SOURCE, raw),
        "profile_version": source["Version"],
        "source_type": CONNECTOR_SOURCE_TYPE,
        "profiles": {destination: _without_comments(profile) for destination, profile in profiles.items()},
        "resource_properties": {kind: properties[kind] for kind in involved if kind in properties},
    }


def _without_comments(node):
    if isinstance(node, dict):
        return {key: _without_comments(value) for key, value in node.items() if key != "_comment"}
    if isinstance(node, list):
        return [_without_comments(value) for value in node]
    return node


def render(table: dict) -> str:
    return json.dumps(table, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def outputs() -> dict[Path, str]:
    tables = {**managed_policies(), "policy_templates.json": policy_templates(),
              "connector_profiles.json": connector_profiles()}
    return {DATA_DIR / name: render(table) for name, table in tables.items()}


if __name__ == "__main__":
    sys.exit(pinned_outputs.main(__doc__, PACKAGE, PINNED_VERSION, outputs, "scripts/generate_data.py"))
