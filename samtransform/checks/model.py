"""What the checks work on: findings, rules, and the template digested once for all rules.

A rule is a generator over a `Subject` that yields `TransformError`s (a path from the
template root and a message); `Rule.findings` stamps them with the rule's ID. Both
front ends, `samtransform check` and the cfn-lint plugin, run the same rules.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..context import Context, make_context
from ..errors import InvalidTemplateError, Origin, TransformError, logical_id_of, path_text
from ..expand import expand
from ..features import auto_publish_alias
from ..features.state_machine import RESOURCE_TYPE
from ..intrinsics import is_fn_if, is_intrinsic, is_no_value
from ..features import events
from ..logical_ids import alias_id, is_valid, role_id, version_id

# Every rule's documentation is a section of the README (in the clone, and in the installed
# package's metadata); its anchor is the section's slug. samtransform has no web address yet.
DOCS_URL = "README.md"
ALARM_TYPES = ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")  # `Ref` gives the alarm name


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule, addressed by its path from the template root."""

    rule_id: str
    path: tuple
    message: str
    origin: Origin | None = None  # set when the problem lies in another file

    @property
    def severity(self) -> str:
        return "error" if self.rule_id.startswith("E") else "warning"

    @property
    def logical_id(self) -> str | None:
        return logical_id_of(self.path)

    @property
    def path_text(self) -> str:
        return path_text(self.path)


@dataclass(frozen=True)
class Rule:
    id: str
    shortdesc: str
    description: str
    anchor: str  # the README section that documents the rule
    check: Callable[["Subject"], Iterable[TransformError]] | None

    @property
    def source_url(self) -> str:
        return f"{DOCS_URL}#{self.anchor}"

    @property
    def severity(self) -> str:
        return "error" if self.id.startswith("E") else "warning"

    def findings(self, subject: "Subject") -> Iterator[Finding]:
        for problem in self.check(subject):
            yield Finding(self.id, problem.path, problem.message, problem.origin)


@dataclass(frozen=True)
class StateMachine:
    """One AWS::Serverless::StateMachine, with its alias name worked out as expand does."""

    logical_id: str
    properties: dict
    alias_name: str | None  # None when there is no alias, or no valid name could be resolved
    alias_missing: bool  # no AutoPublishAlias (or an empty one): SAM publishes no version or alias

    @property
    def properties_path(self) -> tuple:
        return ("Resources", self.logical_id, "Properties")

    @property
    def alias_logical_id(self) -> str | None:
        return alias_id(self.logical_id, self.alias_name) if self.alias_name else None

    def preferences(self) -> Iterator[tuple[tuple, dict]]:
        """Each deployment preference mapping, with its path; both branches of an Fn::If."""
        path = self.properties_path + ("DeploymentPreference",)
        yield from _mappings_through_if(path, self.properties.get("DeploymentPreference"))


def _mappings_through_if(path: tuple, value: Any) -> Iterator[tuple[tuple, dict]]:
    if is_fn_if(value):
        arguments = value["Fn::If"]
        if isinstance(arguments, list) and len(arguments) == 3:
            for branch in (1, 2):
                yield from _mappings_through_if(path + ("Fn::If", branch), arguments[branch])
    elif isinstance(value, dict) and not is_no_value(value):
        yield path, value


@dataclass
class Subject:
    """A parsed template, what expand makes of it, and the facts several rules need."""

    template: dict
    context: Context
    state_machines: tuple[StateMachine, ...]
    expanded: dict | None  # None when expand refused the template
    expand_errors: tuple[TransformError, ...]
    generated_types: dict[str, str | None] = field(default_factory=dict)  # generated ID -> type, if known
    _memo: dict = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A fact derived once and shared by the rules that need it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

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
                         | self.context.declared_parameters)

    def literal(self, value: Any) -> Any:
        """`value` itself, or the value of the parameter a `Ref` names (override, else Default)."""
        if is_intrinsic(value) and isinstance(value.get("Ref"), str) and value["Ref"] in self.context.parameter_values:
            return self.context.parameter_values[value["Ref"]]
        return value

    def state_machine(self, logical_id: Any) -> StateMachine | None:
        return next((machine for machine in self.state_machines if machine.logical_id == logical_id), None)


def make_subject(template: dict, *, region: str = "us-east-1", parameters: Mapping[str, Any] | None = None,
                 base_dir: str | Path | None = None) -> Subject:
    context, _ = make_context(template, region, parameters, base_dir)  # expand reports override errors
    try:
        expanded, expand_errors = expand(template, region=region, parameters=parameters, base_dir=base_dir), ()
    except InvalidTemplateError as failure:
        expanded, expand_errors = None, failure.errors
    machines = tuple(_state_machines(template, context))
    subject = Subject(template, context, machines, expanded, expand_errors)
    subject.generated_types = _generated_types(subject)
    return subject


def _state_machines(template: dict, context: Context) -> Iterator[StateMachine]:
    resources = template.get("Resources")
    if not isinstance(resources, dict):
        return
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != RESOURCE_TYPE:
            continue
        properties = resource.get("Properties")
        properties = properties if isinstance(properties, dict) else {}
        path = ("Resources", logical_id, "Properties", "AutoPublishAlias")
        name, errors = auto_publish_alias.resolve_name(path, properties.get("AutoPublishAlias"), context)
        missing = not name and not errors
        if name and auto_publish_alias.name_errors(path, str(logical_id), name):
            name = None  # no alias can be generated under this name
        yield StateMachine(str(logical_id), properties, name or None, missing)


def _generated_types(subject: Subject) -> dict[str, str | None]:
    """The logical IDs expansion adds: exact when expand succeeded, else as the naming rules predict."""
    if subject.expanded is not None:
        resources = subject.expanded.get("Resources", {})
        return {logical_id: resource.get("Type") for logical_id, resource in resources.items()
                if logical_id not in subject.resources and isinstance(resource, dict)}
    generated: dict[str, str | None] = {}
    for machine in subject.state_machines:
        if not is_valid(machine.logical_id):
            continue
        generated[machine.logical_id] = "AWS::StepFunctions::StateMachine"
        if not machine.properties.get("Role"):
            generated[role_id(machine.logical_id)] = "AWS::IAM::Role"
        if machine.alias_name:
            generated[version_id(machine.logical_id)] = "AWS::StepFunctions::StateMachineVersion"
            generated[machine.alias_logical_id] = "AWS::StepFunctions::StateMachineAlias"
        for logical_id in events.generated_ids(machine.logical_id, machine.properties):
            generated.setdefault(logical_id, None)
    return {logical_id: kind for logical_id, kind in generated.items() if logical_id not in subject.resources}


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt `word`, if one is close enough."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def show(value: Any) -> str:
    """An intrinsic as the user wrote it in YAML short form (`!Ref X`), anything else as repr."""
    if is_intrinsic(value):
        key, argument = next(iter(value.items()))
        tag = "!" + (key[4:] if key.startswith("Fn::") else key)
        if key == "Fn::GetAtt" and isinstance(argument, list) and all(isinstance(part, str) for part in argument):
            return f"{tag} {'.'.join(argument)}"
        if isinstance(argument, str):
            return f"{tag} {argument}"
        return f"{tag} {argument!r}"
    return repr(value)
