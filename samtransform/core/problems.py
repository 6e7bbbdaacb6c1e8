"""Problems: what is wrong, which rule says so, and where (as a path, and once placed, as a span).

One type for every command: `expand`'s errors and warnings, `check`'s findings and `plan`'s
are all `Problem`s. The library only knows paths; the front ends place a problem in its
file (`Located`, through `samtransform.io.locations.locate`), so the happy path never pays
for source positions.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable

from .fields import describe_fields

# Named tuples rather than dataclasses: importing dataclasses (and inspect with it) costs
# about 10 ms, a fifth of the whole run on a small template.

# The rules that report a problem no specific rule claims (core/catalog.py).
UNCLAIMED_ERROR, UNCLAIMED_WARNING = "E9000", "W9001"


class Location(namedtuple("Location", "file line column end_line end_column", defaults=(None, None))):
    """A span of a file: 1-based lines and columns, the end just past the last character
    (an end of None is the start: a point)."""

    __slots__ = ()

    @property
    def end(self) -> tuple[int, int]:
        """(line, column) just past the span; the start for a point."""
        return (self.end_line or self.line, self.end_column or self.column)


describe_fields(Location, {
    "file": "the file, as the user named it (a template, an ASL file it names, or <stdin>)",
    "line": "the first line, from 1",
    "column": "the first column, from 1 (in characters)",
    "end_line": "the line the span ends on, or None for a point",
    "end_column": "the column just past the span's last character, or None for a point",
})


class Problem(namedtuple("Problem", "path message origin severity rule_id", defaults=(None, "error", None))):
    """One problem, addressed by `path`, a tuple from the template root.

    `origin` (a Location) is set only when the position is known directly: a file that
    could not be read, or a problem inside another file (the ASL file a local DefinitionUri
    names), which then carries that file's own line and column.

    `severity` is "error" (the template cannot be expanded faithfully, or CloudFormation or
    the service would reject it) or "warning" (it deploys, but is probably a mistake).

    `rule_id` names the rule (core/catalog.py) that reports the problem, so that `expand`,
    `check` and the cfn-lint plugin give one problem one ID and one wording; None for what no
    specific rule claims, which `rule` reports as E9000 (an error) or W9001 (a warning). A
    schema sets it with its `ruleId` annotation.
    """

    __slots__ = ()

    @property
    def rule(self) -> str:
        """The rule that reports this problem."""
        if self.rule_id is not None:
            return self.rule_id
        return UNCLAIMED_ERROR if self.severity == "error" else UNCLAIMED_WARNING

    @property
    def logical_id(self) -> str | None:
        """The logical ID of the resource the problem is in (None outside Resources)."""
        return logical_id_of(self.path)

    @property
    def path_text(self) -> str:
        """The path as text: `Resources/Machine/Properties/DeploymentPreference`."""
        return path_text(self.path)

    def __str__(self) -> str:
        return f"{self.path_text}: {self.message}" if self.path else self.message


describe_fields(Problem, {
    "path": "where the problem is: a tuple of keys and list indexes from the template root "
            "(('Resources', 'Machine', 'Properties', 'Name')); () for the whole file",
    "message": "what is wrong and, where it is known, the fix, as the commands print it",
    "origin": "a Location, when the position is known directly (a file that cannot be read, a problem "
              "inside a local definition file, a repeated key); else None, and the front ends place the "
              "path in the text (samtransform.io.locations.locate)",
    "severity": "'error' or 'warning'",
    "rule_id": "the rule that reports it (E9101, W9002, ...; core/catalog.py, docs/rules.md), or None when no "
               "rule claims it: `rule` is then E9000 or W9001",
})


class Located(namedtuple("Located", "location problem")):
    """A problem placed in its file: what `samtransform check` prints as FILE:LINE:COL: RULE message."""

    __slots__ = ()

    @property
    def file(self) -> str:
        """The file the problem is in."""
        return self.location.file

    @property
    def line(self) -> int:
        """Its first line, from 1."""
        return self.location.line

    @property
    def column(self) -> int:
        """Its first column, from 1."""
        return self.location.column


describe_fields(Located, {
    "location": "the Location of the problem in its file",
    "problem": "the Problem",
})


def logical_id_of(path: tuple) -> str | None:
    """The resource a path from the template root is in, if any."""
    if len(path) >= 2 and path[0] == "Resources":
        return str(path[1])
    return None


def path_text(path: tuple) -> str:
    return "/".join(str(part) for part in path)


class InvalidTemplateError(Exception):
    """Raised with every problem found, not only the first (`expand`, and reading a template).

    `errors` is the tuple of Problems; `str()` gives one line per problem, with its path, or
    with the file's name for a file that cannot be read (`x/template.yaml: file not found`).
    """

    def __init__(self, errors: Iterable[Problem]):
        self.errors: tuple[Problem, ...] = tuple(errors)
        super().__init__("\n".join(_described(error) for error in self.errors))


def _described(problem: Problem) -> str:
    # A problem placed directly (a file that could not be read) names its file, so that the
    # exception's text alone says which file it is about.
    if problem.origin is not None and not problem.path:
        return f"{problem.origin.file}: {problem.message}"
    return str(problem)


def document_order(template, path: tuple) -> tuple:
    """Where `path` falls in the document: the index of each step in its parent.

    Sorting problems by this lists them in reading order without knowing any line numbers.
    """
    order = []
    node = template
    for step in path:
        if isinstance(node, dict) and step in node:
            order.append(list(node).index(step))
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            order.append(step)
            node = node[step]
        else:
            order.append(-1)  # a key that is not there (a missing property) sorts first
            node = None
    return tuple(order)
