#!/usr/bin/env python3
"""What asl-validator, cfn-lint and samtransform check report on the Amazon States Language fixtures.

    PYTHONPATH=. python benchmarks/asl_compare.py [--cfn-lint PATH] > benchmarks/asl_compare.md

For each rule from E9701 to E9748 (and W9702, W9713, W9742), the fixtures in fixtures/checks/<RULE>/
hold one mistake twice: inline (trigger.yaml) and in a local DefinitionUri file
(trigger_file.yaml + trigger.asl.json); the near_miss files are the same without it. Each file
goes to three tools, as a user would run them:

  asl-validator  (npm, 4.x) on the definition as CloudFormation will deploy it: the expanded
                 DefinitionString, its ${...} substituted by hand (plain values as they are,
                 intrinsics by a placeholder ARN), since it reads only JSON and knows nothing of
                 DefinitionSubstitutions. It is installed once into --asl-validator-dir.
  cfn-lint       on the expanded template (samtransform's expansion written to a JSON file).
  samtransform check  on the SAM template itself.

Each finding is judged against the mistake the fixture was written for (MISTAKES below, written
by hand from the fixtures, not from any tool's output): the intended mistake at its field, the
intended mistake at another path, the intended mistake with no location, or something else.
Markdown goes to standard output. Needs node and npm (the npm registry, once), and nothing
outside the standard library besides samtransform. Not a test: pytest never collects it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import samtransform  # noqa: E402  (from the repository, not from an installed copy)

CHECKS = Path("fixtures") / "checks"  # relative to ROOT, so the report names no temporary folder
RULES = ("E9701", "W9702", "E9711", "E9712", "W9713", "E9714", "E9715", "E9716", "E9721", "E9722",
         "E9723", "E9724", "E9725", "E9726", "E9731", "E9732", "E9733", "E9734", "E9741", "W9742",
         "E9743", "E9744", "E9745", "E9746", "E9747", "E9748")
# What a user substituting by hand writes for a value only CloudFormation knows (!GetAtt, !Ref ...).
PLACEHOLDER = "arn:aws:lambda:us-east-1:123456789012:function:placeholder"
DEFAULT_NPM_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "samtransform-asl-compare"


class Mistake(NamedTuple):
    """The mistake a fixture holds, as paths inside the definition (or the state machine's
    properties, for DefinitionSubstitutions)."""
    fields: tuple[str, ...]  # where a finding belongs: any one of these is the right place
    within: str | None  # a finding at this path or below it is about the mistake, wherever it points
    words: tuple[str, ...] = ()  # a finding whose message names one of these is about the mistake


# Written by hand from the fixtures, not taken from samtransform's output, so that samtransform is
# judged like the other two. `words` are specific (the misspelt name, the state in quotes), so that
# a finding about something else does not pass for the mistake.
MISTAKES = {
    "E9701": Mistake(("States/Notify/Parameters/TopicArn",), "States/Notify/Parameters/TopicArn",
                     ("topicArn",)),
    "W9702": Mistake(("DefinitionSubstitutions/Stage",), "DefinitionSubstitutions/Stage", ("Stage",)),
    "E9711": Mistake(("States/Work/Catch/0/Next",), "States/Work/Catch/0", ("Faild",)),
    "E9712": Mistake(("States/Work/Next", "States/Work/End"), "States/Work", ('"Work"', "'Work'")),
    "W9713": Mistake(("States/Cleanup",), "States/Cleanup", ("Cleanup",)),
    "E9714": Mistake(("States",), None, ("terminal",)),  # no state ends: the States mapping, not below it
    "E9715": Mistake(("States/Start/Type",), "States/Start", ("Passs",)),
    "E9716": Mistake(("States/Done", "States/Both/Branches/0/States/Done"), "States/Done", ("Done",)),
    "E9721": Mistake(("States/Start/Resource",), "States/Start"),
    "E9722": Mistake(("States/Work", "States/Work/Resource"), "States/Work"),  # a missing field: its state
    "E9723": Mistake(("States/Pause/Seconds", "States/Pause/Timestamp"), "States/Pause", ('"Pause"',)),
    "E9724": Mistake(("States/Work/Retry/0", "States/Work/Retry/0/ErrorEquals"), "States/Work/Retry",
                     ("States.ALL",)),
    "E9725": Mistake(("States/Work/HeartbeatSeconds",), "States/Work", ("HeartbeatSeconds",)),
    "E9726": Mistake(("States/Work/Parameters",), "States/Work", ("Parameters",)),
    "E9731": Mistake(("States/Work/Resource",), "States/Work", ("lamda",)),
    "E9732": Mistake(("States/Work/Resource",), "States/Work", ("invoke.sync",)),
    "E9733": Mistake(("States/Ask/Resource",), "States/Ask", ("waitForTaskToken",)),
    "E9734": Mistake(("States/Approve/Resource",), "States/Approve", ("activity", "activities")),
    "E9741": Mistake(("States/Total/Output/total",), "States/Total/Output", ("$sum($states.input.orders.price",)),
    "W9742": Mistake(("States/Notify/Output/message",), "States/Notify/Output", ("Order {%",)),
    "E9743": Mistake(("States/First/InputPath",), "States/First/InputPath", ("$.orders[",)),
    "E9744": Mistake(("States/Label/Parameters/label.$",), "States/Label/Parameters", ("Formatt",)),
    "E9745": Mistake(("States/Paid/Choices/0/StringEqual",), "States/Paid/Choices/0", ("StringEqual",)),
    "E9746": Mistake(("States/Each/ItemProcessor/ProcessorConfig",), "States/Each/ItemProcessor/ProcessorConfig",
                     ("ExecutionType",)),
    "E9747": Mistake(("States/Work/Retry/0/MaxAttempts",), "States/Work/Retry/0", ("MaxAttempts",)),
    "E9748": Mistake(("States/Pause/Timestamp",), "States/Pause", ("2026-03-14t01:59:00z",)),
}

TOOLS = ("asl-validator", "cfn-lint", "samtransform check")
AT_FIELD, ELSEWHERE, NO_PLACE, OTHER = "at the field", "elsewhere", "no location", "other"


class Case(NamedTuple):
    rule: str
    trigger: bool  # False for a near miss
    template: str  # relative to ROOT
    asl_file: str | None  # the local DefinitionUri file, relative to ROOT


class Finding(NamedTuple):
    code: str
    message: str
    path: str = ""  # as the tool gives it
    file: str | None = None  # the file `line` is in
    line: int | None = None
    column: int | None = None
    note: str = ""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cfn-lint", default="cfn-lint", help="cfn-lint executable (default: cfn-lint on PATH)")
    parser.add_argument("--asl-validator-dir", type=Path, default=DEFAULT_NPM_DIR,
                        help=f"npm prefix holding asl-validator; installed there if missing (default {DEFAULT_NPM_DIR})")
    parser.add_argument("--asl-validator-version", default="^4", help="npm version range to install (default ^4)")
    return parser.parse_args(argv)


# --- the fixtures -------------------------------------------------------------------------------

def fixture_cases() -> list[Case]:
    """Every trigger and near-miss template of the ASL rules, in rule order."""
    cases = []
    for rule in RULES:
        for template in sorted((ROOT / CHECKS / rule).glob("*.yaml")):
            if template.name.startswith(("trigger", "near_miss")):
                relative = template.relative_to(ROOT)
                cases.append(Case(rule, template.name.startswith("trigger"), str(relative), _asl_file(relative)))
    return cases


def _asl_file(template: Path) -> str | None:
    """The local DefinitionUri file of the template's state machine, if it has one."""
    for resource in samtransform.load(ROOT / template)["Resources"].values():
        uri = resource.get("Properties", {}).get("DefinitionUri")
        if isinstance(uri, str):
            return os.path.normpath(template.parent / uri)
    return None


def expected_file(case: Case) -> str:
    """The file the mistake is written in: the ASL file for a definition field when there is
    one, else the template (DefinitionSubstitutions is always in the template)."""
    fields = MISTAKES[case.rule].fields
    if case.asl_file and not fields[0].startswith("DefinitionSubstitutions"):
        return case.asl_file
    return case.template


# --- the expansion, and the definition as CloudFormation will deploy it -------------------------

def expand(case: Case, folder: Path) -> tuple[Path, list[tuple[str, str]]]:
    """Write the expanded template for cfn-lint; return it and each state machine's definition text."""
    template = samtransform.load(ROOT / case.template)
    expansion = samtransform.expand_template(template, base_dir=(ROOT / case.template).parent)
    if expansion.errors:  # no fixture of these rules is refused; if one ever is, say so loudly
        raise SystemExit(f"{case.template}: samtransform expand refuses it: {expansion.errors[0]}")
    out = folder / (case.template.replace(os.sep, "_") + ".json")
    out.write_text(samtransform.dump(expansion.template))
    machines = [(logical_id, deployed_definition(resource["Properties"]))
                for logical_id, resource in expansion.template["Resources"].items()
                if resource["Type"] == "AWS::StepFunctions::StateMachine"]
    return out, machines


def deployed_definition(properties: dict) -> str:
    """The definition text Step Functions gets: SAM's Fn::Join lines joined, then substituted."""
    definition = properties.get("DefinitionString", properties.get("Definition"))
    if isinstance(definition, dict) and "Fn::Join" in definition:
        separator, lines = definition["Fn::Join"]
        text = separator.join(line if isinstance(line, str) else PLACEHOLDER for line in lines)
    elif isinstance(definition, str):
        text = definition
    else:  # a Definition object
        text = json.dumps(definition, indent=4)
    return substitute(text, properties.get("DefinitionSubstitutions", {}))


def substitute(text: str, substitutions: dict) -> str:
    """Replace each ${Name} that has a substitution, as CloudFormation does; leave the others."""
    for name, value in substitutions.items():
        text = text.replace("${" + name + "}", _literal(value))
    return text


def _literal(value) -> str:
    """A plain value as CloudFormation writes it into the string; an intrinsic's value is
    unknown offline, so a user substituting by hand puts in some plausible ARN."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return PLACEHOLDER


# --- asl-validator -----------------------------------------------------------------------------

# Its library gives each error's code, message and (for schema errors) JSON pointer; the CLI
# prints only "CODE: message" text. One node process validates every definition in turn.
NODE_SCRIPT = r"""
const validator = require(process.argv[1]);
const definitions = JSON.parse(require("fs").readFileSync(0, "utf8"));
const results = definitions.map((text) => {
  let definition;
  try { definition = JSON.parse(text); } catch (e) { return [{"Error code": "NOT_JSON", Message: e.message}]; }
  return validator(definition, {checkArn: true, checkPaths: true}).errors;  // the CLI's defaults
});
console.log(JSON.stringify(results));
"""


def ensure_asl_validator(prefix: Path, version: str) -> tuple[Path, str]:
    """The installed package's folder and version; `npm install` into prefix the first time."""
    package = prefix / "node_modules" / "asl-validator"
    if not (package / "package.json").exists():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-save", "--no-audit", "--no-fund",
                        f"asl-validator@{version}"], check=True, stdout=subprocess.DEVNULL)
    return package, json.loads((package / "package.json").read_text())["version"]


def run_asl_validator(package: Path, definitions: list[str]) -> list[list[Finding]]:
    """asl-validator's errors for each definition text, in order."""
    done = subprocess.run(["node", "-e", NODE_SCRIPT, str(package)], input=json.dumps(definitions),
                          capture_output=True, text=True, check=True)
    return [[_asl_finding(error, text) for error in errors] for errors, text in zip(json.loads(done.stdout), definitions)]


def _asl_finding(error: dict, text: str) -> Finding:
    """One error; its pointer is marked when it names a field the definition does not have
    (asl-validator gives every state the machine's QueryLanguage before it validates)."""
    pointer = error.get("schemaError", {}).get("instancePath", "")
    missing = pointer and not _has_pointer(json.loads(text), pointer)
    return Finding(error["Error code"], error["Message"], pointer, note="not in the definition" if missing else "")


def _has_pointer(document, pointer: str) -> bool:
    """Whether a JSON pointer (RFC 6901) names a value in the document."""
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(document, dict) and part in document:
            document = document[part]
        elif isinstance(document, list) and part.isdigit() and int(part) < len(document):
            document = document[int(part)]
        else:
            return False
    return True


# --- cfn-lint -----------------------------------------------------------------------------------

def cfn_lint_version(executable: str) -> str:
    return subprocess.run([executable, "--version"], capture_output=True, text=True, check=True).stdout.strip()


def run_cfn_lint(executable: str, files: list[Path], folder: Path) -> dict[Path, list[Finding]]:
    """cfn-lint's findings for each expanded template, from one run over all of them.

    It runs in the temporary folder so that no .cfnlintrc of the caller's changes what it checks.
    Its exit code is a bit set of the levels found (2, 4, 8); 1 is a crash, and then there is no JSON.
    """
    done = subprocess.run([executable, "--format", "json", "--", *map(str, files)], cwd=folder,
                          capture_output=True, text=True)
    if done.returncode & 1:
        raise SystemExit(f"cfn-lint failed:\n{done.stderr or done.stdout}")
    findings: dict[Path, list[Finding]] = {file: [] for file in files}
    for match in json.loads(done.stdout):
        start = match["Location"]["Start"]
        path = "/".join(str(part) for part in match["Location"].get("Path") or ())
        findings[Path(match["Filename"])].append(Finding(
            match["Rule"]["Id"], match["Message"], path, "expanded template", start["LineNumber"], start["ColumnNumber"]))
    return findings


# --- samtransform check ------------------------------------------------------------------------

def run_check(cases: list[Case]) -> dict[Case, list[Finding]]:
    """samtransform check's findings for each template, from one run over all of them (exit 1 = findings).

    check names the file each finding is in: the template, or the ASL file it reads, which
    belongs to the one template that names it (each fixture's ASL file has one template)."""
    owner = {case.template: case for case in cases}
    for case in cases:
        if case.asl_file:
            assert case.asl_file not in owner, f"{case.asl_file} is read by two templates"
            owner[case.asl_file] = case
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))))
    done = subprocess.run([sys.executable, "-m", "samtransform", "check", "--format", "json",
                           *(case.template for case in cases)], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"samtransform check failed:\n{done.stderr}")
    findings: dict[Case, list[Finding]] = {case: [] for case in cases}
    for item in json.loads(done.stdout):
        findings[owner[os.path.normpath(item["file"])]].append(Finding(
            item["rule_id"], item["message"], item["path"], item["file"], item["line"], item["column"]))
    return findings


# --- judging ------------------------------------------------------------------------------------

def definition_path(path: str) -> str:
    """A path inside the definition, whichever tool gives it: asl-validator's JSON pointer
    (/States/A), check's and cfn-lint's template paths (Resources/M/Properties/Definition/States/A,
    .../DefinitionUri/..., .../DefinitionString)."""
    parts = [part for part in path.split("/") if part]
    if parts[:1] == ["Resources"] and parts[2:3] == ["Properties"]:
        parts = parts[3:]
        if parts[:1] in (["Definition"], ["DefinitionUri"], ["DefinitionString"]):
            parts = parts[1:]
    return "/".join(parts)


def judge(finding: Finding, mistake: Mistake, where: str) -> str:
    """Whether the finding is about the fixture's mistake, and whether it points at its field.
    A finding with a file must be in the file the mistake is written in (`where`) to be there;
    cfn-lint's file is the expanded template, where its path is what counts."""
    inside = definition_path(finding.path)
    about = (inside in mistake.fields or any(word in finding.message for word in mistake.words)
             or (mistake.within is not None and (inside + "/").startswith(mistake.within + "/")))
    if not about:
        return OTHER
    in_file = finding.file in (None, "expanded template") or os.path.normpath(finding.file) == where
    if inside in mistake.fields and in_file:
        return AT_FIELD
    return ELSEWHERE if finding.path or finding.line else NO_PLACE


def has_line(finding: Finding, case: Case) -> bool:
    """A line in a file the user wrote: the template or its ASL file (not the expanded template)."""
    return finding.line is not None and finding.file is not None and \
        os.path.normpath(finding.file) in (case.template, case.asl_file)


# --- the report ---------------------------------------------------------------------------------

def cell(findings: list[Finding], case: Case) -> str:
    """One table cell: the count, then each finding with its verdict."""
    if not findings:
        return "0"
    mistake, where = MISTAKES[case.rule], expected_file(case)
    lines = [str(len(findings))]
    for finding in findings:
        verdict = judge(finding, mistake, where) if case.trigger else "false alarm"
        place = f" `{finding.path}`" + (f" ({finding.note})" if finding.note else "") if finding.path else ""
        if finding.line is not None:
            place += f" {Path(finding.file).name if finding.file != 'expanded template' else finding.file}" \
                     f":{finding.line}:{finding.column}"
        lines.append(f"**{verdict}**: {finding.code}{place} “{_escape(finding.message)}”")
    return "<br>".join(lines)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(cases: list[Case], results: dict) -> list[str]:
    rows = ["| File | Rule | " + " | ".join(TOOLS) + " |", "|---|---|" + "---|" * len(TOOLS)]
    for case in cases:
        cells = [cell(results[case][tool], case) for tool in TOOLS]
        rows.append(f"| `{case.template}` | {case.rule} | " + " | ".join(cells) + " |")
    return rows


def summary(triggers: list[Case], near_misses: list[Case], results: dict) -> list[str]:
    """Per tool: how many trigger files it reports the mistake for, at its field, with a line."""
    total = len(triggers)
    rows = ["| Tool | reports the mistake | at the right field | with a line in the user's file "
            "| other findings on trigger files | near-miss files with a finding |",
            "|---|---|---|---|---|---|"]
    for tool in TOOLS:
        reported = at_field = with_line = others = 0
        for case in triggers:
            mistake, where = MISTAKES[case.rule], expected_file(case)
            verdicts = [(judge(f, mistake, where), f) for f in results[case][tool]]
            about = [f for verdict, f in verdicts if verdict != OTHER]
            reported += bool(about)
            at_field += any(verdict == AT_FIELD for verdict, _ in verdicts)
            with_line += any(has_line(f, case) for f in about)
            others += sum(verdict == OTHER for verdict, _ in verdicts)
        alarms = sum(bool(results[case][tool]) for case in near_misses)
        rows.append(f"| {tool} | {reported} of {total} | {at_field} of {total} | {with_line} of {total} "
                    f"| {others} | {alarms} of {len(near_misses)} |")
    return rows


def report(cases: list[Case], results: dict, versions: dict) -> str:
    triggers = [case for case in cases if case.trigger]
    near_misses = [case for case in cases if not case.trigger]
    alarms = [case for case in near_misses if any(results[case][tool] for tool in TOOLS)]
    out = [
        "# asl-validator, cfn-lint and samtransform check on the ASL fixtures",
        "",
        "Written by `PYTHONPATH=. python benchmarks/asl_compare.py --cfn-lint PATH` (its docstring says how "
        "each tool is run). Versions: " + "; ".join(f"{tool} {version}" for tool, version in versions.items()) + ".",
        "",
        "- asl-validator reads the definition as CloudFormation will deploy it: samtransform's expanded "
        "`DefinitionString`, its `${...}` substituted by hand (plain values as written, intrinsics by "
        f"`{PLACEHOLDER}`). Its paths are JSON pointers into that definition; it gives no line.",
        "- cfn-lint reads the expanded template (`samtransform expand`); a line it gives is in that "
        "generated file, not in anything the user wrote.",
        "- samtransform check reads the SAM template (and its local `DefinitionUri` file).",
        "- Verdicts, against the mistake each fixture was written for: **at the field** (the intended "
        "mistake, pointing at the field that holds it, in the right file), **elsewhere** (the intended "
        "mistake, pointing at another path), **no location** (the intended mistake, named only in the "
        "message), **other** (something else). A finding is about the intended mistake when its path lies "
        "in the faulty state or field, or its message names the faulty value (`MISTAKES` in the script, "
        "written by hand from the fixtures). On a near miss every finding is a **false alarm**.",
        "",
        "## Summary",
        "",
        f"Over the {len(triggers)} trigger files ({len(triggers) // 2} rules, each inline and in a local file):",
        "",
        *summary(triggers, near_misses, results),
        "",
        "## Trigger files",
        "",
        *table(triggers, results),
        "",
        "## Near misses (false alarms)",
        "",
    ]
    if alarms:
        out += [f"A tool reports something on {len(alarms)} of the {len(near_misses)} near-miss files "
                "(the others have no finding from any tool):", "", *table(alarms, results)]
    else:
        out.append(f"None: no tool reports anything on any of the {len(near_misses)} near-miss files.")
    return "\n".join(out) + "\n"


def main(argv=None) -> None:
    args = parse_args(argv)
    package, asl_version = ensure_asl_validator(args.asl_validator_dir, args.asl_validator_version)
    versions = {"asl-validator": asl_version, "cfn-lint": cfn_lint_version(args.cfn_lint).removeprefix("cfn-lint "),
                "samtransform": samtransform.__version__}
    cases = fixture_cases()
    with tempfile.TemporaryDirectory(prefix="asl-compare-") as tmp:
        folder = Path(tmp)
        expanded = {case: expand(case, folder) for case in cases}
        definitions = [(case, text) for case in cases for _, text in expanded[case][1]]
        validated = run_asl_validator(package, [text for _, text in definitions])
        linted = run_cfn_lint(args.cfn_lint, [expanded[case][0] for case in cases], folder)
    checked = run_check(cases)
    results = {case: {"asl-validator": [], "cfn-lint": linted[expanded[case][0]],
                      "samtransform check": checked[case]} for case in cases}
    for (case, _), findings in zip(definitions, validated):
        results[case]["asl-validator"] += findings
    sys.stdout.write(report(cases, results, versions))


if __name__ == "__main__":
    main()
