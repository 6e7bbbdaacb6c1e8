""""Did you mean": the one way a misspelt name is matched against the names that are valid there."""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 0.6  # difflib's own default similarity: close enough for a typo, not for another word


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt `word`, if one is close enough; a match that differs
    only in letter case wins over any other."""
    import difflib  # only a template with a typo needs it

    names = sorted({candidate for candidate in candidates if isinstance(candidate, str)})
    same_case = [name for name in names if name.lower() == word.lower()]
    if same_case:
        return same_case[0]
    matches = difflib.get_close_matches(word, names, n=1, cutoff=CUTOFF)
    return matches[0] if matches else None
