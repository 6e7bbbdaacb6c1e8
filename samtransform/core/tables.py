"""Access to the generated data tables in samtransform/data (see scripts/generate_data.py).

Each table is read on first use only: a template without Policies never pays for them.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

# samtransform/data, beside core/
DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")


def _read(relative: str) -> dict:
    with open(os.path.join(DATA_DIR, relative), encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def managed_policies(partition: str) -> dict[str, str]:
    """AWS managed policy name to ARN, for one partition; empty if the partition has no table."""
    if not has_managed_policy_table(partition):
        return {}
    return _read(f"managed_policies/{partition}.json")["policies"]


def has_managed_policy_table(partition: str) -> bool:
    return os.path.exists(os.path.join(DATA_DIR, "managed_policies", f"{partition}.json"))


@lru_cache(maxsize=None)
def policy_templates() -> dict[str, dict]:
    """SAM policy template name to {"Parameters": [...], "Definition": {...}}."""
    return _read("policy_templates.json")["templates"]


@lru_cache(maxsize=None)
def connector_profiles() -> dict:
    """SAM's connector profiles for a state machine source: {"profiles": {destination type: profile},
    "resource_properties": {type: how its ARN, name and role are found}}."""
    return _read("connector_profiles.json")
