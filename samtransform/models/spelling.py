"""The closest known word to a misspelt one, for a "did you mean"."""

from __future__ import annotations


def closest(word: str, candidates) -> str | None:
    """The candidate closest to `word`, if one is close enough (difflib's ratio of at least 0.6,
    as `samtransform.checks.model.did_you_mean`)."""
    import difflib  # only a definition with a typo needs it

    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None
