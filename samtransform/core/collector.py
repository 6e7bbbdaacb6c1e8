"""The one pause of Python's cyclic garbage collector.

Expanding and checking build one large tree of small containers that all live until the
command ends and form no cycles worth collecting: the collector would only re-scan them
(about a third of the run on large templates). Each entry point pauses it while it works
and gives it back as it found it, so a program that calls the library goes on as before.
"""

from __future__ import annotations

import gc


class paused:  # noqa: N801 - used as `with paused():`, like a function
    """`with paused(): ...` runs the block with the collector off, then restores it."""

    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc_info) -> None:
        if self._was_enabled:
            gc.enable()
