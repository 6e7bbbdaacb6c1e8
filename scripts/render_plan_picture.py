#!/usr/bin/env python3
"""Draw the seed's plan, `samtransform plan --format mermaid fixtures/seed/template.yaml`, as SVG files in docs/images/.

    python scripts/render_plan_picture.py            # draw docs/images/seed-plan-*.svg
    python scripts/render_plan_picture.py --check    # exit 1 if a picture was drawn from other Mermaid

The plan's Markdown holds one Mermaid block per rollout and one of the generated resources;
the seed has one rollout, so two pictures: `seed-plan-rollout.svg` (the gantt chart) and
`seed-plan-resources.svg` (the flowchart). Each picture starts with a comment that records
the SHA-256 of the Mermaid source it was drawn from and the Mermaid CLI that drew it;
tests/test_docs.py compares that hash with today's plan, so a change to the plan's output
that would change the picture fails until the picture is drawn again.

The drawing uses the Mermaid CLI pinned below (`mmdc` from @mermaid-js/mermaid-cli), installed
with npm into SAMTRANSFORM_MERMAID_HOME (default .mermaid-cli in the clone, where .ci/run puts
it for tests/test_plan_mermaid.py) when that folder does not have this version, and a Chromium
already on the machine (Debian: `apt-get install chromium`); the script installs nothing
system-wide. Fonts and Chromium's version change the drawing slightly, never what it shows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "fixtures/seed/template.yaml"
COMMAND = ["plan", "--format", "mermaid", SEED]
IMAGES = ROOT / "docs" / "images"
NAMES = ("seed-plan-rollout.svg", "seed-plan-resources.svg")
MERMAID_CLI_VERSION = "11.17.0"
MERMAID_CLI = f"@mermaid-js/mermaid-cli@{MERMAID_CLI_VERSION}"
MERMAID_HOME = Path(os.environ.get("SAMTRANSFORM_MERMAID_HOME", ROOT / ".mermaid-cli"))
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BLOCK = re.compile(r"^```mermaid\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# The first line of every picture: what it was drawn from.
STAMP = "<!-- samtransform {command}, Mermaid block {index} of {count}, sha256 {digest}, drawn by {cli} -->\n"
STAMP_DIGEST = re.compile(r"^<!-- samtransform .*?, sha256 ([0-9a-f]{64}), drawn by ")


def plan_markdown() -> str:
    """What `samtransform plan --format mermaid fixtures/seed/template.yaml` prints, run in the checkout."""
    result = subprocess.run([sys.executable, "-m", "samtransform", *COMMAND], cwd=ROOT, capture_output=True,
                            text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return result.stdout


def mermaid_blocks(markdown: str) -> list[str]:
    """The Mermaid source of each diagram, in order."""
    return BLOCK.findall(markdown)


def digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def recorded_digest(picture: Path) -> str | None:
    """The SHA-256 of the Mermaid source a picture records, or None."""
    match = STAMP_DIGEST.match(picture.read_text(encoding="utf-8")) if picture.exists() else None
    return match.group(1) if match else None


def stale(blocks: list[str]) -> list[str]:
    """The pictures that were not drawn from these Mermaid blocks."""
    if len(blocks) != len(NAMES):
        return list(NAMES)
    return [name for name, block in zip(NAMES, blocks) if recorded_digest(IMAGES / name) != digest(block)]


def _mmdc() -> Path:
    local = MERMAID_HOME / "node_modules" / ".bin" / "mmdc"
    package = MERMAID_HOME / "node_modules" / "@mermaid-js" / "mermaid-cli" / "package.json"
    installed = json.loads(package.read_text())["version"] if package.exists() else None
    if installed != MERMAID_CLI_VERSION:
        if not shutil.which("npm"):
            sys.exit(f"render_plan_picture.py: npm is needed to install {MERMAID_CLI} (Debian: apt-get install npm)")
        MERMAID_HOME.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(MERMAID_HOME), MERMAID_CLI],
                       check=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    return local


def _browser() -> str:
    found = next(filter(None, map(shutil.which, BROWSERS)), None)
    if found is None:
        sys.exit("render_plan_picture.py: Chromium is needed to draw (Debian: apt-get install chromium)")
    return found


def draw(blocks: list[str]) -> None:
    mmdc, browser = _mmdc(), _browser()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "puppeteer.json"
        config.write_text(json.dumps({"executablePath": browser, "args": ["--no-sandbox"]}))
        for index, (name, block) in enumerate(zip(NAMES, blocks), start=1):
            source, output = Path(folder) / f"{index}.mmd", Path(folder) / f"{index}.svg"
            source.write_text(block, encoding="utf-8")
            subprocess.run([str(mmdc), "--puppeteerConfigFile", str(config), "--input", str(source),
                            "--output", str(output), "--backgroundColor", "white"], check=True, timeout=300)
            stamp = STAMP.format(command=" ".join(COMMAND), index=index, count=len(blocks), digest=digest(block),
                                 cli=MERMAID_CLI)
            (IMAGES / name).write_text(stamp + output.read_text(encoding="utf-8").rstrip("\n") + "\n",
                                       encoding="utf-8")
            print(f"wrote docs/images/{name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a picture is stale; draw nothing")
    options = parser.parse_args(argv)
    blocks = mermaid_blocks(plan_markdown())
    if len(blocks) != len(NAMES):
        print(f"render_plan_picture.py: the seed's plan has {len(blocks)} Mermaid blocks, not {len(NAMES)}: "
              "name the pictures in NAMES", file=sys.stderr)
        return 1
    if options.check:
        outdated = stale(blocks)
        for name in outdated:
            print(f"docs/images/{name} is stale: run python scripts/render_plan_picture.py", file=sys.stderr)
        return 1 if outdated else 0
    draw(blocks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
