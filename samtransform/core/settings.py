"""samtransform's own settings in a template: the `samtransform` key of a `Metadata` section.

The one test of "does this Metadata carry samtransform settings" and the one way to take
them out of the output (CloudFormation never sees them: expansion carries them out).
"""

from __future__ import annotations

METADATA_KEY = "samtransform"


def has_settings(metadata) -> bool:
    return isinstance(metadata, dict) and METADATA_KEY in metadata


def without_settings(metadata):
    """Metadata without the `samtransform` key; None if nothing is left."""
    if not has_settings(metadata):
        return metadata
    rest = {key: value for key, value in metadata.items() if key != METADATA_KEY}
    return rest or None
