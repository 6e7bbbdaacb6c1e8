"""What `adopt` shows: the unified diff, the changes with their lines, and the check findings it adds."""

from __future__ import annotations

import difflib

from ..core.problems import path_text
from ..io.report import text_line

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(old: str, new: str, name: str) -> str:
    """`diff -u` of the template before and after, as git shows it (a/ and b/ names, 3 lines of context)."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"a/{name}", tofile=f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n" + NO_NEWLINE for line in lines)


def changes_text(name: str, changes) -> str:
    """One line per change, FILE:LINE first, in line order; a summary line before them."""
    counts = {action: sum(change.action == action for change in changes) for action in ("added", "changed", "left")}
    summary = (f"{name}: {counts['added']} added, {counts['changed']} changed, "
               f"{counts['left']} left as they are")
    lines = [summary] + [f"{name}:{change.line}: {change.action} {path_text(change.path)}: {change.message}"
                         for change in sorted(changes, key=lambda change: change.line)]
    return "\n".join(lines) + "\n"


def findings_text(located) -> str:
    if not located:
        return "check: the adopted template has no finding that the original had not\n"
    lines = ["check: the adopted template has these findings that the original had not:"]
    lines += [text_line(entry)
              for entry in located]
    return "\n".join(lines) + "\n"
