""""Did you mean": the one way a misspelt name is matched against the names that are valid there.

A name is close enough when difflib's similarity reaches `cutoff`; among the closest, the one
fewest typing slips away wins (a letter added, dropped, changed, or two swapped: `E9018` is
`E9108` swapped, though difflib finds `E9701` as similar). A match that differs only in letter
case wins over any other.
"""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 0.6  # difflib's own default similarity: close enough for a typo, not for another word


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The closest candidate to a misspelt `word`, if one is close enough; a match that differs
    only in letter case wins over any other. `cutoff` is the least similarity (0 to 1) accepted."""
    import difflib  # only a template with a typo needs it

    names = sorted({candidate for candidate in candidates if isinstance(candidate, str)})
    same_case = [name for name in names if name.lower() == word.lower()]
    if same_case:
        return same_case[0]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for name in names:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
            scored.append((-matcher.ratio(), slips(word, name), name))
    if not scored:
        return None
    best = min(scored)
    # Ties of similarity go to the fewest slips; the similarity still decides first, so a
    # suggestion difflib would make is never replaced by a less similar one.
    return min(entry for entry in scored if entry[0] == best[0])[2] if len(scored) > 1 else best[2]


def slips(word: str, other: str) -> int:
    """The typing slips from `word` to `other`: letters added, dropped or changed, and neighbours swapped
    (the optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(other) + 1))
    for i, letter in enumerate(word, 1):
        current = [i] + [0] * len(other)
        for j, against in enumerate(other, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != against))
            if i > 1 and j > 1 and letter == other[j - 2] and word[i - 2] == against:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
