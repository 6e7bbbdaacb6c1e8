"""What the rules work on: the template and its expansion model, built once per template.

A rule's check is a function of a `Subject` that yields `Problem`s (a path from the
template root and a message); `rules.problems_of` stamps them with the rule's ID.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ..core.context import Context
from ..core.problems import Problem
from ..expansion import Expansion, StateMachine, expand_template
from ..expansion.template import with_folder
from ..expansion.deployments import deployments
from ..expansion.model import Deployment

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from pathlib import Path
    from typing import Any

ALARM_TYPES = ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")  # `Ref` gives the alarm name


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

    @property
    def is_view(self) -> bool:
        """Whether it shows only some of the template's state machines (plan looks at one at a time):
        a rule about the template as a whole, not about a deployment, then has nothing to say."""
        return self._whole is not None

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
    def deployments(self) -> tuple[Deployment, ...]:
        """Every deployment through an alias: each SAM state machine's, then each plain
        AWS::StepFunctions::StateMachineAlias's with a DeploymentPreference (expansion/deployments.py)."""
        return self.memo("deployments", lambda: deployments(self.template, self.expansion))

    @property
    def expanded(self) -> dict | None:
        """The expanded template; None when expand refused the template."""
        return self.expansion.template

    @property
    def expand_errors(self) -> tuple[Problem, ...]:
        return self.expansion.errors

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What `samtransform expand` warns about: the loader's warnings, then the expansion's."""
        return tuple(self.load_warnings) + self.expansion.warnings

    def expand_errors_of(self, rule_id: str | None) -> Iterator[Problem]:
        """The expansion's errors marked with `rule_id` (None: those no rule claims)."""
        return (error for error in self.expansion.errors if error.rule_id == rule_id)

    def expand_warnings_of(self, rule_id: str) -> Iterator[Problem]:
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
                 base_dir: str | Path | None = None, load_warnings: tuple = (), definitions_roots=(),
                 files=None) -> Subject:
    template, base_dir = with_folder(template, base_dir)
    return Subject(template, expand_template(template, region=region, parameters=parameters, base_dir=base_dir,
                                             definitions_roots=definitions_roots, files=files), tuple(load_warnings))
