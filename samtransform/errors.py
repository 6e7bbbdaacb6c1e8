"""Errors: what went wrong, and where in the template (as a path, not a line).

The library only knows paths. The CLI turns a path into FILE:LINE:COL through
`samtransform.locations`, so the happy path never pays for source positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Union

PathPart = Union[str, int]
Path = tuple  # tuple[PathPart, ...], kept loose for Python 3.10 dataclass speed


@dataclass(frozen=True)
class Origin:
    """A position in a file other than the template (a local DefinitionUri file)."""

    file: str
    line: int
    column: int


@dataclass(frozen=True)
class TransformError:
    """One problem, addressed by its path from the template root.

    `origin` is set only when the problem lies in another file, such as the
    ASL file a local `DefinitionUri` names; it then carries that file's own
    line and column.
    """

    path: Path
    message: str
    origin: Origin | None = None

    @property
    def logical_id(self) -> str | None:
        if len(self.path) >= 2 and self.path[0] == "Resources":
            return str(self.path[1])
        return None

    @property
    def path_text(self) -> str:
        return "/".join(str(part) for part in self.path)

    def __str__(self) -> str:
        return f"{self.path_text}: {self.message}" if self.path else self.message


class InvalidTemplateError(Exception):
    """Raised by `expand` with every problem found, not only the first."""

    def __init__(self, errors: Iterable[TransformError]):
        self.errors: tuple[TransformError, ...] = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def prefixed(prefix: Path, errors: Iterable[TransformError]) -> list[TransformError]:
    """Re-root errors found in a sub-tree under `prefix`."""
    return [TransformError(prefix + error.path, error.message, error.origin) for error in errors]
