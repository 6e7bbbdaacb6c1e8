#!/usr/bin/env python3
"""Regenerate samtransform/data/sam_model.json (AWS SAM's resource types and the event types
each takes) from the pinned aws-sam-translator.

    python scripts/generate_sam_model.py            # write the table
    python scripts/generate_sam_model.py --check    # exit 1 if the committed table differs

The wheel ships no schema naming every type (the full SAM schema lives in the repository
only), so this script asks the translator's own registries, which decide what it expands:
the `resource_type` of each resource class in `samtranslator.model.sam_resources` (what the
translator's resource resolver knows), and, for each SAM resource with events, the types its
`event_resolver` knows. It imports aws-sam-translator, which samtransform itself never does;
the output records the version and the SHA-256 of each source file read.
(Policy template names and parameters are in samtransform/data/policy_templates.json, made
by scripts/generate_data.py from the same package.)
"""

from __future__ import annotations

import hashlib
import inspect
import json
import sys
from importlib import metadata
from pathlib import Path

import pinned_outputs  # scripts/: run as `python scripts/<name>.py`

PACKAGE = "aws-sam-translator"
PINNED_VERSION = "1.115.0"
LICENCE = "Apache-2.0"
TARGET = Path(__file__).resolve().parent.parent / "samtransform" / "data" / "sam_model.json"
SAM_PREFIX = "AWS::Serverless::"


def _source(module) -> tuple[str, str]:
    path = Path(inspect.getsourcefile(module))
    relative = path.as_posix().split("/samtranslator/", 1)[1]
    return f"samtranslator/{relative}", hashlib.sha256(path.read_bytes()).hexdigest()


def table() -> dict:
    from samtranslator.model import sam_resources

    classes = [cls for _, cls in inspect.getmembers(sam_resources, inspect.isclass)
               if cls.__module__ == sam_resources.__name__ and isinstance(getattr(cls, "resource_type", None), str)
               and cls.resource_type.startswith(SAM_PREFIX)]
    modules = {sam_resources}
    event_types = {}
    for cls in sorted(classes, key=lambda cls: cls.resource_type):
        resolver = getattr(cls, "event_resolver", None)
        if resolver is not None:
            # A base class in those modules has resource_type None: it is no event type.
            known = {name: event_class for name, event_class in resolver.resource_types.items() if isinstance(name, str)}
            event_types[cls.resource_type] = sorted(known)
            modules.update(inspect.getmodule(event_class) for event_class in known.values())
    sources = dict(sorted(_source(module) for module in modules))
    return {
        "provenance": {
            "package": PACKAGE, "version": metadata.version(PACKAGE), "license": LICENCE,
            "file": ", ".join(sources), "sha256": hashlib.sha256("".join(sources.values()).encode()).hexdigest(),
            "generator": "scripts/generate_sam_model.py",
            "read": "the resource_type of each class in samtranslator.model.sam_resources, and the resource types "
                    "of each class's event_resolver",
        },
        "resource_types": sorted(cls.resource_type for cls in classes),
        "event_types": event_types,
    }


def render(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.exit(pinned_outputs.main(__doc__, PACKAGE, PINNED_VERSION, lambda: {TARGET: render(table())}, "scripts/generate_sam_model.py"))
