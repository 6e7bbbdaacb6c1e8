"""Why `adopt` refuses: an option it cannot follow, or a result it cannot stand behind."""

from __future__ import annotations


class OptionError(ValueError):
    """An option `adopt` cannot follow; the command line reports it as a usage error (exit 2)."""


class AdoptError(Exception):
    """adopt refuses: the template cannot be adopted, or the result would be wrong; nothing is
    written (exit 1). `located` holds check findings (checks.report.Located) to show."""

    def __init__(self, message: str, located: tuple = ()):
        super().__init__(message)
        self.located = tuple(located)
