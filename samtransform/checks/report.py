"""Findings placed in their files, and written as text, JSON or SARIF 2.1.0 (no extra dependencies).

- text: one `FILE:LINE:COL: RULE message` line per finding, as compilers and cfn-lint's
  parseable format print them;
- json: an array of objects (file, line, column, end_line, end_column, rule_id, severity,
  message, path, logical_id, doc_url);
- sarif: one SARIF 2.1.0 run with every rule in `tool.driver.rules` (its help names the
  README section), for GitHub code scanning and other SARIF readers
  (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html).
"""

from __future__ import annotations

import json
import os
from collections import namedtuple

from .. import __version__
from ..io.locations import SourceMap
from ..io.text_output import text_lines
from .model import Finding, Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning"}


class Located(namedtuple("Located", "file line column end_line end_column finding")):
    """A finding with the file and the span it is reported at (1-based lines and columns)."""

    __slots__ = ()
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    finding: Finding

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.finding.rule_id} {self.finding.message}"

    def as_dict(self, rules: dict[str, Rule]) -> dict:
        finding = self.finding
        return {"file": self.file, "line": self.line, "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column, "rule_id": finding.rule_id, "severity": finding.severity,
                "message": finding.message, "path": finding.path_text, "logical_id": finding.logical_id,
                "doc_url": rules[finding.rule_id].source_url}


def locate(text: str | None, name: str, findings: list[Finding]) -> list[Located]:
    """Place each finding in `text` (the template named `name`), sorted by position."""
    source = None
    located = []
    for finding in findings:
        if finding.origin is not None:  # in another file (a local definition), or a read error
            origin = finding.origin
            located.append(Located(origin.file, origin.line, origin.column, origin.line, origin.column, finding))
            continue
        start, end = (1, 1), (1, 1)
        if finding.path and text is not None:
            source = source or SourceMap(text)
            start, end = source.span(finding.path)
        located.append(Located(name, *start, *end, finding))
    return sorted(located, key=lambda entry: (entry.file != name, entry.line, entry.column))


def render_text(located: list[Located]) -> str:
    return text_lines(map(str, located))


def render_json(located: list[Located], rules: dict[str, Rule]) -> str:
    return json.dumps([entry.as_dict(rules) for entry in located], indent=2, ensure_ascii=False) + "\n"


def _uri(file: str) -> str:
    from pathlib import Path, PurePath  # SARIF output only
    from urllib.parse import quote

    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    return quote(path.as_posix())


def render_sarif(located: list[Located], rules: dict[str, Rule]) -> str:
    ordered = list(rules.values())
    index = {rule.id: position for position, rule in enumerate(ordered)}
    driver = {
        "name": "samtransform",
        "version": __version__,
        "rules": [{
            "id": rule.id,
            "shortDescription": {"text": rule.shortdesc},
            "fullDescription": {"text": rule.description},
            "help": {"text": f"{rule.description} See samtransform's {rule.source_url}."},
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        } for rule in ordered],
    }
    results = [{
        "ruleId": entry.finding.rule_id,
        "ruleIndex": index[entry.finding.rule_id],
        "level": SARIF_LEVELS[entry.finding.severity],
        "message": {"text": entry.finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(entry.file)},
            "region": {"startLine": entry.line, "startColumn": entry.column,
                       "endLine": entry.end_line, "endColumn": entry.end_column},
        }}],
    } for entry in located]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def display_name(source: str) -> str:
    return "<stdin>" if source == "-" else os.fspath(source)
