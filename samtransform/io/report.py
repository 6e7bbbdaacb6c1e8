"""Problems written out: text, JSON or SARIF 2.1.0, the same for every command (no extra dependencies).

- text: one `FILE:LINE:COL: RULE message` line per problem, as compilers and linters print
  them; the rule's letter is its severity (E an error, W a warning); every control character
  from the template is shown as an escape, so no name can forge a line or command a terminal;
- json: an array of objects (file, line, column, end_line, end_column, rule_id, severity,
  message, path, logical_id, doc_url);
- sarif: one SARIF 2.1.0 run with every rule of the catalog in `tool.driver.rules`, for
  GitHub code scanning and other SARIF readers
  (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html).
"""

from __future__ import annotations

import json
import os

from ..core.catalog import BY_ID, RULES
from ..core.problems import Located
from ..core.version import __version__
from .text_output import text_lines

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FORMATS = ("text", "json", "sarif")


def text_line(entry: Located) -> str:
    problem = entry.problem
    return f"{entry.file}:{entry.line}:{entry.column}: {problem.rule} {problem.message}"


def as_dict(entry: Located) -> dict:
    problem, location = entry.problem, entry.location
    end_line, end_column = location.end
    return {"file": location.file, "line": location.line, "column": location.column, "end_line": end_line,
            "end_column": end_column, "rule_id": problem.rule, "severity": problem.severity,
            "message": problem.message, "path": problem.path_text, "logical_id": problem.logical_id,
            "doc_url": BY_ID[problem.rule].doc_url}


def render_text(located: list[Located]) -> str:
    # Every name from the template is shown with its control characters escaped (io/text_output.py).
    return text_lines(map(text_line, located))


def render_json(located: list[Located]) -> str:
    return json.dumps([as_dict(entry) for entry in located], indent=2, ensure_ascii=False) + "\n"


def _uri(file: str) -> str:
    from pathlib import Path, PurePath  # SARIF output only
    from urllib.parse import quote

    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    return quote(path.as_posix())


def render_sarif(located: list[Located]) -> str:
    index = {rule.id: position for position, rule in enumerate(RULES)}
    driver = {
        "name": "samtransform",
        "version": __version__,
        "rules": [{
            "id": rule.id,
            "name": rule.summary,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.description},
            # No helpUri: samtransform has no web address, and a file URI would name this machine.
            "help": {"text": f"{rule.description} See {rule.doc_path} in samtransform's documentation."},
            "defaultConfiguration": {"level": rule.severity},
        } for rule in RULES],
    }
    results = [{
        "ruleId": entry.problem.rule,
        "ruleIndex": index[entry.problem.rule],
        "level": entry.problem.severity,
        "message": {"text": entry.problem.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(entry.file)},
            "region": {"startLine": entry.line, "startColumn": entry.column,
                       "endLine": entry.location.end[0], "endColumn": entry.location.end[1]},
        }}],
    } for entry in located]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "sarif": render_sarif}


def render(located: list[Located], output_format: str = "text") -> str:
    return RENDERERS[output_format](located)


def display_name(source: str) -> str:
    return "<stdin>" if source == "-" else os.fspath(source)
