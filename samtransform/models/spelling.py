"""The closest known word to a misspelt one, for a "did you mean"."""

from __future__ import annotations


def did_you_mean(word: str, candidates) -> str | None:
    """The candidate closest to `word`, if one is close enough: one that differs only in letter
    case first, else difflib's best with a ratio of at least 0.6 (the rules' `did_you_mean`,
    which the models cannot import from the layer above them, with E9715's same-case rule)."""
    import difflib  # only a definition with a typo needs it

    names = sorted({candidate for candidate in candidates if isinstance(candidate, str)})
    same_case = [name for name in names if name.lower() == word.lower()]
    if same_case:
        return same_case[0]
    matches = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return matches[0] if matches else None
