"""What the checks work on: findings, rules, and the template with its expansion model.

A rule is a generator over a `Subject` that yields `TransformError`s (a path from the
template root and a message); `Rule.findings` stamps them with the rule's ID. A rule
without a generator reports the expansion's errors that carry its ID. Both front ends,
`samtransform check` and the cfn-lint plugin, run the same rules.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Mapping

from ..context import Context
from ..errors import Origin, TransformError, logical_id_of, path_text
from ..expansion import Expansion, StateMachine, expand_template

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from pathlib import Path
    from typing import Any

# Every rule's documentation is a section of the README (in the clone, and in the installed
# package's metadata); its anchor is the section's slug. samtransform has no web address yet.
DOCS_URL = "README.md"
ALARM_TYPES = ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")  # `Ref` gives the alarm name


# Named tuples, not dataclasses: `check` starts in a few milliseconds less without
# `dataclasses` (and the `inspect` it imports) and the code each dataclass compiles.

class Finding(namedtuple("Finding", "rule_id path message origin", defaults=(None,))):
    """One problem found by one rule, addressed by its path from the template root.

    `origin` is set when the problem lies in another file."""

    __slots__ = ()
    rule_id: str
    path: tuple
    message: str
    origin: Origin | None

    @property
    def severity(self) -> str:
        return "error" if self.rule_id.startswith("E") else "warning"

    @property
    def logical_id(self) -> str | None:
        return logical_id_of(self.path)

    @property
    def path_text(self) -> str:
        return path_text(self.path)


class Rule(namedtuple("Rule", "id shortdesc description anchor check")):
    """A rule: its ID, words, README section (`anchor`) and generator (`check`).

    `check` None: the rule's constraint lives in the input schema, and its findings are the
    expansion's errors the schema marks with this ID (`ruleId`), in expand's words."""

    __slots__ = ()
    id: str
    shortdesc: str
    description: str
    anchor: str
    check: Callable[[Subject], Iterable[TransformError]] | None

    @property
    def source_url(self) -> str:
        return f"{DOCS_URL}#{self.anchor}"

    @property
    def severity(self) -> str:
        return "error" if self.id.startswith("E") else "warning"

    def findings(self, subject: "Subject") -> Iterator[Finding]:
        problems = self.check(subject) if self.check else subject.expand_errors_of(self.id)
        for problem in problems:
            yield Finding(self.id, problem.path, problem.message, problem.origin)


class Subject:
    """A parsed template and the expansion model of it: everything the rules read.

    The rules never expand or resolve again: the alias name, the generated resources and
    the errors all come from `expansion` (`samtransform.expansion.expand_template`).
    """

    __slots__ = ("template", "expansion", "load_warnings", "_memo", "_whole")

    def __init__(self, template: dict, expansion: Expansion, load_warnings: tuple = (), whole: Subject | None = None):
        self.template = template
        self.expansion = expansion
        self.load_warnings = load_warnings  # the loader's warnings (a repeated key), reported with the expansion's
        self._memo: dict = {}
        self._whole = whole

    @property
    def whole(self) -> Subject:
        """The subject of the whole template: itself, or for a view of some of its state machines (plan
        looks at one at a time), the subject it views, whose template-wide facts it shares."""
        return self._whole or self

    def memo(self, key: str, compute: Callable[[], Any], *, template_wide: bool = False) -> Any:
        """A fact derived once and shared by the rules that need it; `template_wide`: the same whichever
        state machines the subject shows, so found once for the whole template and its views."""
        if template_wide and self._whole is not None:
            return self._whole.memo(key, compute, template_wide=True)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def context(self) -> Context:
        return self.expansion.context

    @property
    def state_machines(self) -> tuple[StateMachine, ...]:
        return self.expansion.state_machines

    @property
    def expanded(self) -> dict | None:
        """The expanded template; None when expand refused the template."""
        return self.expansion.template

    @property
    def expand_errors(self) -> tuple[TransformError, ...]:
        return self.expansion.errors

    @property
    def warnings(self) -> tuple[TransformError, ...]:
        """What `samtransform expand` warns about: the loader's warnings, then the expansion's."""
        return tuple(self.load_warnings) + self.expansion.warnings

    def expand_errors_of(self, rule_id: str | None) -> Iterator[TransformError]:
        """The expansion's errors marked with `rule_id` (None: those no rule claims)."""
        return (error for error in self.expansion.errors if error.rule_id == rule_id)

    def expand_warnings_of(self, rule_id: str) -> Iterator[TransformError]:
        """The expansion's warnings marked with `rule_id`."""
        return (warning for warning in self.expansion.warnings if warning.rule_id == rule_id)

    @property
    def generated_types(self) -> dict[str, str | None]:
        """The logical IDs expansion adds (the template's own left out) -> their type, if known."""
        return self.memo("generated_types", lambda: {
            logical_id: made.type for logical_id, made in self.expansion.generated().items()
            if logical_id not in self.resources}, template_wide=True)

    @property
    def resources(self) -> dict:
        resources = self.template.get("Resources")
        return resources if isinstance(resources, dict) else {}

    def resource_type(self, logical_id: Any) -> str | None:
        if not isinstance(logical_id, str):
            return None
        resource = self.resources.get(logical_id)
        if isinstance(resource, dict):
            kind = resource.get("Type")
            return kind if isinstance(kind, str) else None
        return self.generated_types.get(logical_id)

    def is_parameter(self, name: Any) -> bool:
        return isinstance(name, str) and name in self.context.declared_parameters

    def known_ids(self) -> frozenset:
        """Every logical ID the deployed stack will have, plus parameter names (for Ref)."""
        return self.memo("known_ids", lambda: frozenset(self.resources) | frozenset(self.generated_types)
                         | self.context.declared_parameters, template_wide=True)

    def literal(self, value: Any) -> Any:
        """`value` itself, or the value of the parameter a `Ref` names (override, else Default)."""
        return self.context.literal(value)

    def state_machine(self, logical_id: Any) -> StateMachine | None:
        # Indexed: a rule asks once per reference, and a large template has thousands.
        index = self.memo("state_machines_by_id", lambda: {machine.logical_id: machine
                                                           for machine in self.state_machines})
        return index.get(logical_id) if not isinstance(logical_id, (dict, list)) else None

    def rollback_alarm_owner(self, logical_id: Any) -> StateMachine | None:
        """The state machine whose RollbackAlarms generates this alarm, if any."""
        return next((machine for machine in self.state_machines if logical_id in machine.rollback_alarm_ids), None)

    def alarm_properties(self, logical_id: str) -> Any:
        """The Properties of an alarm of this template, or of a rollback alarm as expansion built it
        (None when its state machine does not expand)."""
        resource = self.resources.get(logical_id)
        owner = self.rollback_alarm_owner(logical_id) if resource is None else None
        if owner is not None and owner.resources is not None:
            resource = owner.resources.get(logical_id)
        return resource.get("Properties") if isinstance(resource, dict) else None

    def alarm_path(self, logical_id: str, *rest) -> tuple:
        """Where a finding about an alarm goes: into the alarm, or for a rollback alarm (which is not in
        the template) to the RollbackAlarms setting that makes it."""
        owner = self.rollback_alarm_owner(logical_id) if logical_id not in self.resources else None
        return owner.rollback_alarms.path if owner is not None else ("Resources", logical_id) + rest


def make_subject(template: dict, *, region: str = "us-east-1", parameters: Mapping[str, Any] | None = None,
                 base_dir: str | Path | None = None, load_warnings: tuple = (), definitions_roots=()) -> Subject:
    return Subject(template, expand_template(template, region=region, parameters=parameters, base_dir=base_dir,
                                             definitions_roots=definitions_roots), tuple(load_warnings))


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt `word`, if one is close enough."""
    import difflib  # only a template with a typo needs it

    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None
