"""Errors: what went wrong, and where in the template (as a path, not a line).

The library only knows paths. The CLI turns a path into FILE:LINE:COL through
`samtransform.io.locations`, so the happy path never pays for source positions.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable

# Named tuples rather than dataclasses: importing dataclasses (and inspect with it) costs
# about 10 ms, a fifth of the whole run on a small template.


class Origin(namedtuple("Origin", "file line column")):
    """An explicit position: where a file could not be read, or a spot in another file
    (the ASL file a local DefinitionUri names). Lines and columns are 1-based."""

    __slots__ = ()


class TransformError(namedtuple("TransformError", "path message origin severity rule_id",
                                 defaults=(None, "error", None))):
    """One problem, addressed by `path`, a tuple from the template root.

    `origin` is set only when the position is known directly: a file that could not be
    read, or a problem inside another file, which then carries that file's own line and
    column.

    `severity` is "error" (the template cannot be expanded faithfully, or CloudFormation or
    the service would reject it) or "warning" (it deploys, but is probably a mistake).

    `rule_id` names the `samtransform check` rule that reports the same problem (E9102 for a
    Percentage out of range), so expand and check use one rule, one ID and one wording;
    None for what check reports as E9000. A schema sets it with its `ruleId` annotation.
    """

    __slots__ = ()

    @property
    def logical_id(self) -> str | None:
        return logical_id_of(self.path)

    @property
    def path_text(self) -> str:
        return path_text(self.path)

    def __str__(self) -> str:
        return f"{self.path_text}: {self.message}" if self.path else self.message


def logical_id_of(path: tuple) -> str | None:
    """The resource a path from the template root is in, if any."""
    if len(path) >= 2 and path[0] == "Resources":
        return str(path[1])
    return None


def path_text(path: tuple) -> str:
    return "/".join(str(part) for part in path)


class InvalidTemplateError(Exception):
    """Raised by `expand` with every problem found, not only the first."""

    def __init__(self, errors: Iterable[TransformError]):
        self.errors: tuple[TransformError, ...] = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def document_order(template, path: tuple) -> tuple:
    """Where `path` falls in the document: the index of each step in its parent.

    Sorting errors by this lists them in reading order without knowing any line numbers.
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
