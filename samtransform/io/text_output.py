"""Text output for people (errors, findings, plans): one record a line, nothing the terminal obeys.

Names and values in a message come from the template, and a template may hold any character.
Written as they are, a newline would forge a line (`t.yaml:1:1: E0000 ...`) and an escape
character would send the terminal a command. So every line written as text goes through
`text_lines`, which shows each control character as an escape (`\\n`, `\\t`, `\\x1b`,
`\\u2028`): the C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the
bidirectional overrides, which reorder what a reader sees. JSON and SARIF output escape by
their own rules.
"""

from __future__ import annotations

from collections.abc import Iterable

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROLS = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = str.maketrans({code: _NAMED.get(chr(code)) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
                          for code in _CONTROLS})


def printable(text: str) -> str:
    """`text` with every control character shown as an escape."""
    return text.translate(_ESCAPES)


def text_lines(lines: Iterable[str]) -> str:
    """The text of `lines`, one record each: each escaped, then ended by a newline."""
    return "".join(line.translate(_ESCAPES) + "\n" for line in lines)
