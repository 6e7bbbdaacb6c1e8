"""One adoption, start to end: plan on the parsed template, splice into the text, prove the result.

Rules:
- the template must expand first (its errors are raised as InvalidTemplateError): adopt
  edits a working template, it does not repair one;
- the new text, parsed again, must be exactly the template the edits describe (the
  original with the keys added and the references renamed), or nothing is returned but an
  AdoptError: byte-exact preservation elsewhere is checked by the tests, equality of
  meaning here, on every run;
- `samtransform check` on the result must find no error that the original did not have;
  the warnings it adds are returned (`Adoption.findings`) for the caller to show;
- line numbers of changes and notes are those of the new text.
"""

from __future__ import annotations

import copy
import re
from collections import namedtuple

from ..core.fields import describe_fields
from ..core.problems import InvalidTemplateError, path_text
from ..expansion.template import expand_template
from ..io.template_io import parse
from .editor import Append, Editor, Insert, Rename
from .errors import AdoptError
from .nodes import Tree
from .options import make_options
from . import planner

Change = namedtuple("Change", "action path line last_line message")
Change.__doc__ = """One change `adopt` makes, or one thing it leaves as it is."""
describe_fields(Change, {
    "action": "'added', 'changed', or 'left' (not changed, and why)",
    "path": "the path it concerns, as text (Resources/Machine/Properties/AutoPublishAlias)",
    "line": "the first line it occupies in the new text",
    "last_line": "the last line it occupies in the new text",
    "message": "what was done, or why it was left",
})
Adoption = namedtuple("Adoption", "text changes findings")
Adoption.__doc__ = """What `adopt` gives: the new text, its changes, and the warnings it brings."""
describe_fields(Adoption, {
    "text": "the new template text (the old one when nothing changes); never written by `adopt` itself",
    "changes": "every Change, in the order of the text",
    "findings": "the `check` findings the result has and the original had not (warnings only; each a "
                "core.problems.Located)",
})


def adopt_text(text: str, name: str = "<template>", *, state_machines=(), alias=None, deployment=None,
               percentage=None, interval=None, alarms=None, region: str = "us-east-1", parameters=None,
               base_dir=None, definitions_roots=()) -> Adoption:
    options = make_options(state_machines, alias, deployment, percentage, interval, alarms)
    template = parse(text, name)
    expansion = expand_template(template, region=region, parameters=parameters, base_dir=base_dir,
                                definitions_roots=definitions_roots)
    if expansion.errors:
        raise InvalidTemplateError(expansion.errors)
    editor = Editor(text)
    planned, notes = planner.plan(template, expansion, options, editor.check)
    new_text, spans, findings = text, [], ()
    if planned:
        edits = [entry.edit for entry in planned]
        new_text, spans = editor.apply(edits)
        _reads_back(new_text, name, applied(template, edits))
        findings = _new_findings(text, new_text, name, region, parameters, base_dir, definitions_roots)
    changes = [Change(entry.action, _path(entry.edit), first, last, entry.message)
               for entry, (first, last) in zip(planned, spans)]
    changes += _left(new_text, notes)
    return Adoption(new_text, tuple(changes), tuple(findings))


def applied(template: dict, edits: list) -> dict:
    """The template the edits describe (a copy; `template` is not touched)."""
    result = copy.deepcopy(template)
    for edit in edits:
        target = _get(result, edit.path[:-1] if isinstance(edit, Rename) else edit.path)
        if isinstance(edit, Insert):
            target.update(copy.deepcopy(dict(edit.entries)))
        elif isinstance(edit, Append):
            target.extend(copy.deepcopy(list(edit.values)))
        else:
            step = edit.path[-1]
            target[step] = renamed(target[step], edit)
    return result


def renamed(value: str, edit: Rename) -> str:
    """A reference's text naming `edit.new` where it named `edit.old`."""
    if edit.within_sub:
        return re.sub(r"\$\{%s(\.Arn)?\}" % re.escape(edit.old), lambda match: "${%s%s}" % (edit.new, match.group(1)
                                                                                             or ""), value)
    return edit.new + value[len(edit.old):]  # `SM` or `SM.Arn`


def _get(value, path: tuple):
    for step in path:
        value = value[step]
    return value


def _path(edit) -> tuple:
    return edit.path + (edit.entries[0][0],) if isinstance(edit, Insert) else edit.path


def _reads_back(new_text: str, name: str, intended: dict) -> None:
    try:
        result = parse(new_text, name)
    except InvalidTemplateError as failure:
        raise AdoptError(f"the edited text of {name} would not parse ({failure.errors[0]}); nothing is written. "
                         "This is a bug in samtransform adopt: please report it with the template") from None
    if result != intended:
        raise AdoptError(f"the edited text of {name} would not read back as the intended template (first difference "
                         f"at {path_text(_first_difference(result, intended)) or 'the root'}); nothing is written. "
                         "This is a bug in samtransform adopt: please report it with the template")


def _first_difference(left, right, path: tuple = ()) -> tuple:
    if isinstance(left, dict) and isinstance(right, dict) and list(left) == list(right):
        for key in left:
            if left[key] != right[key]:
                return _first_difference(left[key], right[key], path + (key,))
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (one, other) in enumerate(zip(left, right)):
            if one != other:
                return _first_difference(one, other, path + (index,))
    return path


def _new_findings(text: str, new_text: str, name: str, region: str, parameters, base_dir, definitions_roots) -> list:
    from ..rules import check_text  # the rules load only once there is something to check
    from ..io.locations import locate

    def key(finding):
        return finding.rule_id, finding.path, finding.message

    def findings(source: str) -> list:
        return check_text(source, name, region=region, parameters=parameters, base_dir=base_dir,
                          definitions_roots=definitions_roots)

    before = {key(finding) for finding in findings(text)}
    added = [finding for finding in findings(new_text) if key(finding) not in before]
    located = locate(new_text, name, added)
    errors = [entry for entry in located if entry.problem.severity == "error"]
    if errors:
        raise AdoptError(f"adopting {name} would add {len(errors)} error(s) that samtransform check reports; "
                         "nothing is written", errors)
    return located


def _left(new_text: str, notes: list) -> list[Change]:
    if not notes:
        return []
    tree = Tree(new_text)
    changes = []
    for note in notes:
        line = _line(new_text, tree, note.path)
        changes.append(Change("left", note.path, line, line, note.message))
    return changes


def _line(text: str, tree: Tree, path: tuple) -> int:
    """The line of the deepest node of `path` the text has (its key, when it is a mapping's value)."""
    for end in range(len(path), -1, -1):
        found = tree.find(path[:end])
        if found is not None:
            node = found.key if found.key is not None else found.node
            return text.count("\n", 0, node.start_mark.index) + 1
    return 1
