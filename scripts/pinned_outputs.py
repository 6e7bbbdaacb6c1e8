"""What every generator in scripts/ shares: files made from one pinned package, written or checked.

    sys.exit(pinned_outputs.main(__doc__, "cfn-lint", "1.58.0", outputs, "scripts/generate_cfn_schemas.py"))

`outputs` is a function giving {path: text}; it runs only when the installed package is the
pinned version (exit 2 otherwise). With `--check` nothing is written and a stale or missing
file is named (exit 1): tests run each generator so.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path


def main(doc: str, package: str, pinned: str, outputs: Callable[[], dict[Path, str]], script: str) -> int:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args()
    installed = metadata.version(package)
    if installed != pinned:
        print(f"{package} {installed} is installed; the generated files are pinned to {pinned}", file=sys.stderr)
        return 2
    stale = []
    for target, text in outputs().items():
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target.name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    if stale:
        print("stale: " + ", ".join(stale) + f" (run {script})", file=sys.stderr)
        return 1
    return 0
