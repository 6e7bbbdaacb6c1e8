#!/usr/bin/env python3
"""What the definition warnings (rules/creation.py) cost `samtransform expand`, by CPU time.

    python benchmarks/definition_warnings.py                   # seed, 1, 100 and 500 state machines, 7 rounds
    python benchmarks/definition_warnings.py --sizes 1 --rounds 11

Each round is a fresh interpreter (so that imports are paid as `samtransform expand` pays
them) that parses the template, expands it, then imports the rules expand runs and runs
them, timing each step with `time.process_time` (CPU time: on a shared machine, wall-clock
time of a few milliseconds is mostly the neighbours'). Medians over the rounds, in ms,
beside the expansion's own time; the garbage collector is off, as in the command.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from templates import template_text  # noqa: E402

ROUND = r"""
import gc, json, sys, time
gc.disable()
sys.path.insert(0, sys.argv[2])
import samtransform.cli  # what `samtransform expand` has loaded before it reads the template
from samtransform.expansion import expand_template
from samtransform.io.document import Document
document = Document.read(sys.argv[1])
template = document.parse()
start = time.process_time()
expansion = expand_template(template, base_dir=document.base_dir)
expanded = time.process_time()
from samtransform.rules.creation import creation_problems
imported = time.process_time()
found = creation_problems(template, expansion)
ran = time.process_time()
print(json.dumps({"expand": expanded - start, "import": imported - expanded, "run": ran - imported,
                  "found": len(found)}))
"""


def measure(path: Path, rounds: int) -> dict:
    samples = []
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed package runs: from bytecode
    for _ in range(rounds):
        done = subprocess.run([sys.executable, "-c", ROUND, str(path), str(ROOT)], capture_output=True, text=True,
                              check=True, env=environment)
        samples.append(json.loads(done.stdout))
    row = {key: statistics.median(sample[key] for sample in samples) * 1000 for key in ("expand", "import", "run")}
    row["found"] = samples[0]["found"]
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,500")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print("| template | expand (in process) ms | import ms | run ms | (import + run) / expand | findings |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        cases = [("seed", ROOT / "fixtures" / "seed" / "template.yaml")]
        for size in (int(each) for each in args.sizes.split(",") if each):
            path = Path(folder) / f"machines-{size}.yaml"
            path.write_text(template_text(size))
            cases.append((f"{size} state machine{'s' if size > 1 else ''}", path))
        for name, path in cases:
            row = measure(path, args.rounds)
            share = (row["import"] + row["run"]) / row["expand"]
            print(f"| {name} | {row['expand']:.1f} | {row['import']:.1f} | {row['run']:.1f} | {share:.2f} "
                  f"| {row['found']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
