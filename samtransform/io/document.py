"""One way to read a template: from a file or standard input, its text kept for positions.

`samtransform expand`, `samtransform check` and the cfn-lint plugin all read templates
through `Document`: the text is decoded once, parsed on demand, and kept so that an
error's path can be placed at FILE:LINE:COL in it.
"""

from __future__ import annotations

import os

from ..core.problems import InvalidTemplateError, Location, Problem
from ..core.limits import READ_TEMPLATE_BYTES
from .reading import ReadError, read_stdin
from .template_io import decode, parse_with_warnings, read_text

STDIN = "-"
STDIN_NAME = "<stdin>"


class Document:
    """A template's text, the name it is reported under, the folder its local files are read from,
    and where they come from (`files`: None for the working tree, or a git revision,
    io/git_revision.py)."""

    __slots__ = ("name", "text", "base_dir", "warnings", "files")

    def __init__(self, text: str, name: str = "<template>", base_dir: str | os.PathLike | None = None,
                 files=None):
        self.text = text
        self.name = name
        # Relative to where the user works, so an error inside a local definition file
        # names that file as the user would; None: not known (standard input), so the current folder.
        self.base_dir = base_dir
        self.files = files
        self.warnings: tuple = ()  # the loader's (a repeated key), once parsed

    @classmethod
    def read(cls, source: str | os.PathLike) -> "Document":
        """Read a file, or standard input for `-`. Raises InvalidTemplateError naming the file."""
        source = os.fspath(source)
        if source == STDIN:
            try:
                data = read_stdin(READ_TEMPLATE_BYTES, "the template (standard input)")
            except (ReadError, OSError) as error:
                reason = error.reason if isinstance(error, ReadError) else f"cannot read: {error.strerror or error}"
                raise InvalidTemplateError([Problem((), reason, Location(STDIN_NAME, 1, 1))]) from None
            return cls(decode(data, STDIN_NAME), STDIN_NAME)  # no folder: the current one
        return cls(read_text(source), source, os.path.dirname(source))

    def parse(self) -> dict:
        """The template. Raises InvalidTemplateError with the position of what cannot be read.

        The loader's warnings (a key repeated in one mapping) are kept in `warnings`.
        """
        template, self.warnings = parse_with_warnings(self.text, self.name)
        return template

    def locate(self, problems) -> list:
        """Each problem placed at its FILE:LINE:COL in this text (or in the other file it is about)."""
        from .locations import locate  # positions are worked out only when something is wrong

        return locate(self.text, self.name, problems)
