"""Where the files a template names come from: the working tree, or a git revision (git_revision.py).

Expansion reads a local DefinitionUri through the `files` of its context, one of these. Each
answers four questions about a path, the template's folder joined with the URI:
- `read_text(path, limit, part)`: the file's UTF-8 text, at most `limit` bytes, or an
  InvalidTemplateError at the file's name, whose message is "file not found" when there is
  no such file (the expansion words that one itself);
- `inside(path, folders)`: whether the file is one of the folders' files, or in a folder
  below them, its symbolic links followed (docs/safety.md: a template reads nothing else);
- `name_of(path)`: the name messages give the file;
- `source`: what a message about a missing file adds, in words: None for the working tree,
  `revision HEAD (commit 1a2b3c4d5e6f)` for a revision.

Rules:
- the working tree is the default: a context without `files` reads from the file system,
  through io/reading.py, as before there was a choice;
- a source never writes: not into the user's folder, not into the repository.
"""

from __future__ import annotations

import os

from .template_io import read_text


class WorkingTree:
    """The files as they are on disk now (through io/reading.py)."""

    __slots__ = ()
    source = None

    def read_text(self, path: str, limit: int, part: str) -> str:
        """The text of the file `path`; raises InvalidTemplateError naming it."""
        return read_text(path, limit, part)

    def inside(self, path: str, folders) -> bool:
        """Whether `path` (its links followed) is one of the folders' files, or in a folder below them."""
        real = os.path.realpath(path)
        for folder in folders:
            top = os.path.realpath(folder)
            if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
                return True
        return False

    def name_of(self, path: str) -> str:
        """The file's name in messages: its path, as the template's folder and the URI make it."""
        return os.fspath(path)


WORKING_TREE = WorkingTree()
