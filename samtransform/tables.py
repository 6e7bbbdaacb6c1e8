"""Access to the generated data tables in samtransform/data (see scripts/generate_data.py).

Each table is read on first use only: a template without Policies never pays for them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(relative: str) -> dict:
    with open(DATA_DIR / relative, encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def managed_policies(partition: str) -> dict[str, str]:
    """AWS managed policy name to ARN, for one partition; empty if the partition has no table."""
    path = f"managed_policies/{partition}.json"
    if not (DATA_DIR / path).exists():
        return {}
    return _read(path)["policies"]


def has_managed_policy_table(partition: str) -> bool:
    return (DATA_DIR / f"managed_policies/{partition}.json").exists()


@lru_cache(maxsize=None)
def policy_templates() -> dict[str, dict]:
    """SAM policy template name to {"Parameters": [...], "Definition": {...}}."""
    return _read("policy_templates.json")["templates"]
