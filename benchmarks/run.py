#!/usr/bin/env python3
"""Benchmark samtransform against AWS SAM's translator and against the parse-and-write limit.

    python benchmarks/run.py                 # every size: 11 rounds, 5 for the 500-machine stress size
    python benchmarks/run.py --rounds 5 --sizes 1,10,100

For each template, three whole processes are timed (wall clock) and their peak RSS read
from the kernel (wait4):
  a  samtransform expand T -o out.json             (the product, full validation on)
  b  aws-sam-translator on T, through benchmarks/sam_translate.py (its bundled policy map)
  c  the limit: benchmarks/floor.py parses T with libyaml and writes the JSON, GC off
and, for the second table:
  y  samtransform expand T -o out.yaml              (YAML output; target y/a <= 2)
  k  samtransform check T                           (every rule; target k/a <= 1.3)
  n  samtransform plan T                            (every state machine's plan; target n/a <= 1.5)
  l  cfn-lint T, and p  cfn-lint T with the samtransform plugin (seed and 100 state machines
     only, --plugin-sizes; target p/l <= 1.15)
The commands alternate within each round (the order rotates), medians are over rounds,
and ratios are taken round by round, then their median reported, so a noisy neighbour
slows the commands it overlaps together. Run it on an otherwise idle machine.

Then the growth tables (--growth-rounds rounds, 0 to skip them): expand, check and plan on one
state machine with 1, 10, 100 and 1,000 Api events (one path each), and on 1, 100 and 1,000
state machines, with the cost of one more event or state machine and the ratios to expand:
both grew quadratically once (the OpenAPI body copied whole per event, the template parsed
again per state machine's plan).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "fixtures" / "seed"
sys.path.insert(0, str(HERE))

from templates import api_events_text, template_text  # noqa: E402  (small: the spawner starts first)

SIZES = (1, 10, 50, 100, 500)
TARGETS = {"a/c": 1.3, "b/a": 5.0, "rss a/c": 1.2, "growth": 1.2, "y/a": 2.0, "k/a": 1.3, "p/l": 1.15, "n/a": 1.5}
API_EVENT_SIZES = (1, 10, 100, 1000)
PLAN_SIZES = (1, 100, 1000)
PLUGIN_SIZES = ("seed", "100")
# check exits 1 on findings: the generated templates of 56 state machines and more break the
# 500-resource and 1 MB limits (E9601, E9602), which is what check is for.
EXITS = {"k": (0, 1), "n": (0, 1)}


def _write_templates(folder: Path, sizes, events: bool) -> list[tuple[str, Path, Path]]:
    """(name, template for samtransform and the limit, template for SAM) for each case."""
    cases = []
    shutil.copytree(SEED, folder / "seed")
    seed_for_sam = folder / "seed" / "template-inlined.yaml"
    asl = (SEED / "statemachine" / "alias.asl.json").read_text()
    # SAM rejects a local DefinitionUri; give it the same definition inline (JSON is YAML).
    text = (SEED / "template.yaml").read_text().replace(
        "DefinitionUri: statemachine/alias.asl.json", "Definition: " + " ".join(asl.split()))
    seed_for_sam.write_text(text)
    cases.append(("seed", folder / "seed" / "template.yaml", seed_for_sam))
    for size in sizes:
        path = folder / f"machines-{size}.yaml"
        path.write_text(template_text(size, events=events))
        cases.append((f"{size} state machine{'s' if size > 1 else ''}", path, path))
    return cases


def _commands(template: Path, sam_template: Path, out: Path, plugin: bool) -> dict[str, list[str]]:
    samtransform = shutil.which("samtransform", path=str(Path(sys.executable).parent)) or "samtransform"
    commands = {
        "a": [samtransform, "expand", str(template), "-o", str(out / "a.json")],
        "b": [sys.executable, str(HERE / "sam_translate.py"), str(sam_template), str(out / "b.json")],
        "c": [sys.executable, str(HERE / "floor.py"), str(template), str(out / "c.json")],
        "y": [samtransform, "expand", str(template), "-o", str(out / "y.yaml")],
        "k": [samtransform, "check", str(template)],
        "n": [samtransform, "plan", str(template)],
    }
    if plugin:
        lint = [sys.executable, str(HERE / "cfn_lint.py"), str(template)]
        commands.update({"l": lint, "p": [*lint, "--append-rules", "samtransform.cfnlint_rules"]})
    return commands


class Spawner:
    """The small process that runs each command (see spawner.py for why)."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, str(HERE / "spawner.py")], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def measure(self, command: list[str], environment: dict, exits=(0,)) -> tuple[float, int, float]:
        """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one whole process."""
        self.process.stdin.write(json.dumps({"command": command, "environment": environment}) + "\n")
        self.process.stdin.flush()
        result = json.loads(self.process.stdout.readline())
        if result["exit"] not in exits:
            raise SystemExit(f"{' '.join(command)} failed with exit code {result['exit']}")
        return result["seconds"], result["max_rss_kib"], result["cpu_seconds"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def _run_case(spawner: Spawner, template: Path, sam_template: Path, rounds: int, environment: dict,
              plugin: bool) -> dict:
    with tempfile.TemporaryDirectory() as out:
        commands = _commands(template, sam_template, Path(out), plugin)
        for name, command in commands.items():  # warm up: bytecode written, files cached
            spawner.measure(command, environment, EXITS.get(name, (0,)))
        samples: dict[str, list] = {name: [] for name in commands}
        order = list(commands)
        for round_number in range(rounds):
            shift = round_number % len(order)
            rotated = order[shift:] + order[:shift]
            for name in rotated:
                samples[name].append(spawner.measure(commands[name], environment, EXITS.get(name, (0,))))
    return samples


def _summary(samples: dict) -> dict:
    wall = {name: [sample[0] for sample in values] for name, values in samples.items()}
    rss = {name: [sample[1] for sample in values] for name, values in samples.items()}
    cpu = {name: [sample[2] for sample in values] for name, values in samples.items()}
    return {
        **{f"{name} ms": statistics.median(values) * 1000 for name, values in wall.items()},
        "a/c": statistics.median(a / c for a, c in zip(wall["a"], wall["c"])),
        "b/a": statistics.median(b / a for a, b in zip(wall["a"], wall["b"])),
        "cpu a/c": statistics.median(a / c for a, c in zip(cpu["a"], cpu["c"])),
        **{f"rss {name} MiB": statistics.median(values) / 1024 for name, values in rss.items()},
        "rss a/c": statistics.median(a / c for a, c in zip(rss["a"], rss["c"])),
        **{ratio: statistics.median(x / y for x, y in zip(wall[ratio[0]], wall[ratio[2]]))
           for ratio in ("y/a", "k/a", "n/a", "p/l") if ratio[0] in wall},
    }


def _machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import yaml

    versions = []
    for package in ("samtransform", "aws-sam-translator", "PyYAML"):
        try:
            from importlib.metadata import version

            versions.append(f"{package} {version(package)}")
        except Exception:  # noqa: BLE001 - report what is there
            versions.append(f"{package} not installed")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return [
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}; {platform.platform()}",
        f"- Python {platform.python_version()}; libyaml {'yes' if yaml.__with_libyaml__ else 'NO'}; "
        + ", ".join(versions),
        f"- load average at the start: {load:.2f}",
    ]


def _table(results: list[tuple[str, dict]]) -> list[str]:
    lines = [
        "| template | a samtransform ms | b SAM ms | c limit ms | a/c | b/a | RSS a MiB | RSS c MiB | RSS a/c "
        "| CPU a/c |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in results:
        lines.append(
            f"| {name} | {row['a ms']:.0f} | {row['b ms']:.0f} | {row['c ms']:.0f} | {row['a/c']:.2f} "
            f"| {row['b/a']:.1f} | {row['rss a MiB']:.1f} | {row['rss c MiB']:.1f} | {row['rss a/c']:.2f} "
            f"| {row['cpu a/c']:.2f} |")
    return lines


def _second_table(results: list[tuple[str, dict]]) -> list[str]:
    lines = [
        "| template | a expand json ms | y expand yaml ms | y/a | k check ms | k/a | n plan ms | n/a | l cfn-lint ms "
        "| p cfn-lint + plugin ms | p/l |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in results:
        plugin = (f"{row['l ms']:.0f} | {row['p ms']:.0f} | {row['p/l']:.2f}" if "p/l" in row else "- | - | -")
        lines.append(f"| {name} | {row['a ms']:.0f} | {row['y ms']:.0f} | {row['y/a']:.2f} | {row['k ms']:.0f} "
                     f"| {row['k/a']:.2f} | {row['n ms']:.0f} | {row['n/a']:.2f} | {plugin} |")
    return lines


def _marginal(results: dict, column: str, unit: str, upto: int) -> float:
    """The cost in `column` ("a ms", "c ms") of one more `unit` ("state machine" or "byte")
    from the 1-machine template up to `upto` machines."""
    extra = upto - 1 if unit == "state machine" else results[upto]["bytes"] - results[1]["bytes"]
    return (results[upto][column] - results[1][column]) / extra


def _growth_ratio(results: dict, column: str, unit: str) -> float:
    return _marginal(results, column, unit, 100) / _marginal(results, column, unit, 10)


def _growth(results: dict) -> list[str]:
    """Marginal cost of a state machine, from the 1-machine template up to 10 and to 100.

    The generated state machines are not all the same size (those from 11 to 100 are about a
    tenth larger on average), so the marginal cost is also given per byte of template: the
    target is judged on that, since it asks whether one more state machine costs more in a
    larger template, not whether larger state machines cost more. The limit's own ratios,
    on the same templates, are printed beside them."""
    if not {1, 10, 100} <= set(results):
        return []
    at_10, at_100 = (_marginal(results, "a ms", "state machine", upto) for upto in (10, 100))
    per_byte = _growth_ratio(results, "a ms", "byte")
    mark = "meets" if per_byte <= TARGETS["growth"] else "MISSES"
    kib = [(results[size]["bytes"] - results[1]["bytes"]) / (size - 1) / 1024 for size in (10, 100)]
    return [f"- growth: {at_10:.2f} ms per state machine up to 10, {at_100:.2f} ms up to 100: ratio "
            f"{at_100 / at_10:.2f}; the state machines average {kib[0]:.1f} KiB up to 10 and {kib[1]:.1f} KiB up "
            f"to 100, and per byte of template the ratio is {per_byte:.2f} ({mark} the 1.2 target); the limit's "
            f"on the same templates: {_growth_ratio(results, 'c ms', 'state machine'):.2f} per state machine, "
            f"{_growth_ratio(results, 'c ms', 'byte'):.2f} per byte"]


def _verdicts(results: list[tuple[str, dict]]) -> list[str]:
    lines = []
    for key, target in (("a/c", TARGETS["a/c"]), ("rss a/c", TARGETS["rss a/c"])):
        worst = max(row[key] for _, row in results)
        lines.append(f"- {key}: worst {worst:.2f} ({'meets' if worst <= target else 'MISSES'} the {target} target)")
    worst = min(row["b/a"] for _, row in results)
    lines.append(f"- b/a: worst {worst:.1f} ({'meets' if worst >= TARGETS['b/a'] else 'MISSES'} the 5 target)")
    for key in ("y/a", "k/a", "n/a", "p/l"):
        measured = [(row[key], name) for name, row in results if key in row]
        if measured:
            worst, where = max(measured)
            mark = "meets" if worst <= TARGETS[key] else "MISSES"
            lines.append(f"- {key}: worst {worst:.2f} ({where}; {mark} the {TARGETS[key]} target)")
    return lines


def _growth_case(spawner: Spawner, template: Path, rounds: int, environment: dict) -> dict:
    """Median wall ms of expand (a), check (k) and plan (n) on one template, and their ratios."""
    samtransform = shutil.which("samtransform", path=str(Path(sys.executable).parent)) or "samtransform"
    with tempfile.TemporaryDirectory() as out:
        commands = {"a": [samtransform, "expand", str(template), "-o", str(Path(out) / "a.json")],
                    "k": [samtransform, "check", str(template)], "n": [samtransform, "plan", str(template)]}
        samples: dict[str, list] = {name: [] for name in commands}
        for round_number in range(rounds + 1):  # the first round warms up
            for name in list(commands)[round_number % 3:] + list(commands)[:round_number % 3]:
                seconds = spawner.measure(commands[name], environment, EXITS.get(name, (0,)))[0]
                if round_number:
                    samples[name].append(seconds)
    row = {f"{name} ms": statistics.median(values) * 1000 for name, values in samples.items()}
    row.update({f"{name}/a": statistics.median(x / a for x, a in zip(samples[name], samples["a"]))
                for name in ("k", "n")})
    return row


def _growth_table(title: str, unit: str, rows: dict[int, dict]) -> list[str]:
    """One row per size: the three commands, the cost of one more `unit` since the previous size, the ratios."""
    lines = [f"{title}", "", f"| {unit}s | a expand ms | k check ms | n plan ms | a ms per {unit} | n ms per {unit} "
             "| k/a | n/a |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    previous = None
    for size, row in rows.items():
        marginal = ["-", "-"] if previous is None else [
            f"{(row[column] - rows[previous][column]) / (size - previous):.2f}" for column in ("a ms", "n ms")]
        lines.append(f"| {size:,} | {row['a ms']:.0f} | {row['k ms']:.0f} | {row['n ms']:.0f} | {marginal[0]} "
                     f"| {marginal[1]} | {row['k/a']:.2f} | {row['n/a']:.2f} |")
        previous = size
    worst = max(row["n/a"] for row in rows.values())
    lines.append(f"- n/a: worst {worst:.2f} ({'meets' if worst <= TARGETS['n/a'] else 'MISSES'} the 1.5 target)")
    return lines


def _growth_tables(spawner: Spawner, rounds: int, environment: dict) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        events, machines = {}, {}
        for count in API_EVENT_SIZES:
            path = Path(folder) / f"api-{count}.yaml"
            path.write_text(api_events_text(count))
            events[count] = _growth_case(spawner, path, rounds, environment)
            print(f"  {count} Api events: a {events[count]['a ms']:.0f} ms", flush=True)
        for count in PLAN_SIZES:
            path = Path(folder) / f"machines-{count}.yaml"
            path.write_text(template_text(count))
            machines[count] = _growth_case(spawner, path, rounds, environment)
            print(f"  {count} state machines: n {machines[count]['n ms']:.0f} ms", flush=True)
    return (_growth_table("One state machine with N Api events (one path each):", "event", events) + [""]
            + _growth_table("N state machines (benchmarks/templates.py):", "state machine", machines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11, help="rounds per template (default 11)")
    parser.add_argument("--large-rounds", type=int, default=5,
                        help="rounds for templates of 500 state machines or more (default 5)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--no-events", action="store_true", help="templates without Events")
    parser.add_argument("--plugin-sizes", default=",".join(PLUGIN_SIZES),
                        help="templates to time cfn-lint with and without the plugin on (default: seed,100)")
    parser.add_argument("--growth-rounds", type=int, default=3,
                        help="rounds for the growth tables of Api events and state machines (default 3; 0: none)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    spawner = Spawner()  # first, while this process is still small
    environment = dict(os.environ, AWS_DEFAULT_REGION="us-east-1")
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed package runs: from bytecode
    print("\n".join(_machine()), flush=True)
    results = []
    by_size = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, template, sam_template in _write_templates(Path(folder), sizes, not args.no_events):
            large = name != "seed" and int(name.split()[0]) >= 500
            rounds = args.large_rounds if large else args.rounds
            plugin = name.split()[0] in args.plugin_sizes.split(",")
            row = _summary(_run_case(spawner, template, sam_template, rounds, environment, plugin))
            row["bytes"] = template.stat().st_size
            results.append((name, row))
            if name != "seed":
                by_size[int(name.split()[0])] = row
            print(f"  {name}: a {row['a ms']:.0f} ms, b {row['b ms']:.0f} ms, c {row['c ms']:.0f} ms", flush=True)
    growth = _growth_tables(spawner, args.growth_rounds, environment) if args.growth_rounds else []
    spawner.close()
    print()
    print(f"Wall-clock medians of {args.rounds} rounds ({args.large_rounds} for 500 state machines or more); "
          "ratios are medians of per-round ratios. CPU a/c is the same ratio on user+system CPU time.")
    print()
    print("\n".join(_table(results)))
    print()
    print("\n".join(_second_table(results)))
    print()
    print("\n".join(_verdicts(results) + _growth(by_size)))
    if growth:
        print()
        print("\n".join(growth))
    return 0


if __name__ == "__main__":
    sys.exit(main())
