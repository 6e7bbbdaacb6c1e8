"""The 49 real templates in ../shared/examples/realworld, found once, and run as their users run them."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = next((folder for folder in (ROOT.parent / "shared" / "examples" / "realworld",
                                        ROOT.parent.parent / "shared" / "examples" / "realworld") if folder.is_dir()),
                 None)


def example_folder(template: Path) -> Path | None:
    """The top folder of the real-world example `template` belongs to; None for any other template."""
    resolved = Path(template).resolve()
    if REALWORLD is None or not resolved.is_relative_to(REALWORLD):
        return None
    return REALWORLD / resolved.relative_to(REALWORLD).parts[0]


class in_example_folder:  # noqa: N801 - used as `with in_example_folder(path):`
    """Run from the top folder of the example a template belongs to, as its user runs `sam deploy`:
    a local DefinitionUri there may name a file beside the template's own folder
    (`../step_functions/statemachine.asl.json`), which samtransform reads from the current folder."""

    def __init__(self, template: Path):
        self.folder = example_folder(template)

    def __enter__(self):
        self.previous = os.getcwd()
        if self.folder is not None:
            os.chdir(self.folder)

    def __exit__(self, *exc_info) -> None:
        os.chdir(self.previous)
