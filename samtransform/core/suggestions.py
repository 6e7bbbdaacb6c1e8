""""Did you mean": the one way a misspelt name is matched against the names that are valid there.

Every suggestion samtransform makes comes from here: a rule ID given to `-i`, a YAML tag, a
key, a state, an alarm, a resource or a type. A name is close enough when difflib's
similarity of the two, compared without regard to letter case, reaches `cutoff`; among the
most similar, the one the fewest typing slips away wins (a letter added, dropped, changed, or
two neighbours swapped: `E9018` is one swap from `E9108`, though difflib finds `E9701` as
similar). A match that differs only in letter case wins over any other.
"""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 0.6  # difflib's own default similarity: close enough for a typo, not for another word


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The closest candidate to a misspelt `word`, if one is close enough (similarity from 0 to 1
    of at least `cutoff`); a match that differs only in letter case wins over any other."""
    matches = close_matches(word, candidates, 1, cutoff)
    return matches[0] if matches else None


def close_matches(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = CUTOFF) -> list[str]:
    """Up to `n` candidates close to `word`, the closest first (see the module's docstring)."""
    import difflib  # only a template with a typo needs it

    names = sorted({candidate for candidate in candidates if isinstance(candidate, str)})
    lowered = word.lower()
    same_case = [name for name in names if name.lower() == lowered]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(lowered)
    scored = []
    for name in names:
        if name in same_case:
            continue
        matcher.set_seq1(name.lower())
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            ratio = matcher.ratio()
            if ratio >= cutoff:
                scored.append((-ratio, slips(lowered, name.lower()), name))
    return (same_case + [name for _, _, name in sorted(scored)])[:n]


def slips(word: str, other: str) -> int:
    """The typing slips from `word` to `other`: letters added, dropped or changed, and neighbours swapped
    (the optimal string alignment distance)."""
    before_previous: list[int] = []
    previous = list(range(len(other) + 1))
    for i, letter in enumerate(word, 1):
        current = [i] + [0] * len(other)
        for j, against in enumerate(other, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != against))
            if i > 1 and j > 1 and letter == other[j - 2] and word[i - 2] == against:
                current[j] = min(current[j], before_previous[j - 2] + 1)
        before_previous, previous = previous, current
    return previous[-1]
