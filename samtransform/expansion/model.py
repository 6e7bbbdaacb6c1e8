"""The expansion model: what expanding a template gives, read by expand, check, the cfn-lint plugin and plan.

    from samtransform import expand_template
    expansion = expand_template(template, region="eu-west-1")
    expansion.template         # the CloudFormation, or None when there are errors
    expansion.errors           # Problems in document order; .warnings likewise
    for machine in expansion.state_machines:
        machine.alias_name, machine.generated, machine.alarms(), machine.event_targets()
        machine.rollback_alarm_ids       # the alarms RollbackAlarms adds to the alias's Alarms

The result shares unchanged values with the input (pass-through resources are not
copied), so treat both as read-only.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

from ..core.fields import describe_fields
from ..core.intrinsics import is_fn_if, is_no_value
from ..core.logical_ids import Generated, alias_id, event_id, rollback_alarm_id, version_id

# Named tuples rather than dataclasses, as core/problems.py explains: the model is built on every expand.
EventTarget = namedtuple("EventTarget", "name logical_id target path")
EventTarget.__doc__ = """An event of a state machine, and what it starts."""
describe_fields(EventTarget, {
    "name": "the event's name under Events",
    "logical_id": "the AWS::Events::Rule or AWS::Scheduler::Schedule it makes; for an Api event, its REST API",
    "target": "the logical ID it starts: the state machine, or its alias with UseAliasAsEventTarget",
    "path": "the event's path in the template",
})
AlarmEntry = namedtuple("AlarmEntry", "path preference entry")
AlarmEntry.__doc__ = """One entry of a deployment preference's Alarms."""
describe_fields(AlarmEntry, {
    "path": "the entry's path in the template (for a rollback alarm, the path of its RollbackAlarms setting)",
    "preference": "the deployment preference mapping it is in (one branch of an Fn::If)",
    "entry": "the entry as written: an alarm name, or an intrinsic ({'Ref': 'FailedAlarm'})",
})


class Deployment(namedtuple("Deployment", "state_machine_id alias_logical_id alias_name alias_expression "
                                          "version_logical_id preference_path preference rollback_alarm_ids "
                                          "rollback_alarms_path machine")):
    """A gradual deployment through an alias: what the rollout and alarm rules and `plan` read.

    It comes from an AWS::Serverless::StateMachine (AutoPublishAlias and DeploymentPreference,
    `StateMachine.deployment`) or from an AWS::StepFunctions::StateMachineAlias with a
    DeploymentPreference, as AWS CDK or hand-written CloudFormation has it (deployments.py),
    so both forms get the same rules.
    """

    __slots__ = ()

    @property
    def label(self) -> str:
        """What messages call the deployment's state machine: its logical ID, else the alias's."""
        return self.state_machine_id or self.alias_logical_id

    def preferences(self) -> Iterator[tuple[tuple, dict]]:
        """Each deployment preference mapping, with its path; both branches of an Fn::If."""
        yield from _mappings_through_if(self.preference_path, self.preference)

    def alarms(self) -> Iterator[AlarmEntry]:
        """Each entry of each Alarms list, the rollback alarms that expansion adds included
        (`!Ref <Id><Metric>Alarm`, with the path of their RollbackAlarms setting)."""
        preferences = list(self.preferences())
        for path, preference in preferences:
            alarms = preference.get("Alarms")
            if isinstance(alarms, list):
                for index, entry in enumerate(alarms):
                    yield AlarmEntry(path + ("Alarms", index), preference, entry)
        for _, preference in preferences or [((), {})]:  # no preference: the ALL_AT_ONCE default
            for alarm_id in self.rollback_alarm_ids:
                yield AlarmEntry(self.rollback_alarms_path, preference, {"Ref": alarm_id})


describe_fields(Deployment, {
    "state_machine_id": "the state machine whose versions the alias shifts traffic to (None: not known)",
    "alias_logical_id": "the alias (None for a SAM state machine without a valid AutoPublishAlias)",
    "alias_name": "its name, resolved (None when it is not known offline)",
    "alias_expression": "its name as written: a literal or the intrinsic that gives it",
    "version_logical_id": "the StateMachineVersion the alias deploys, if known",
    "preference_path": "where DeploymentPreference is (it may be missing there)",
    "preference": "DeploymentPreference as written: a mapping, an Fn::If, or None",
    "rollback_alarm_ids": "the alarms expansion adds to Alarms (RollbackAlarms)",
    "rollback_alarms_path": "the path of the setting that adds them",
    "machine": "the StateMachine model for the SAM form, None for a plain alias",
})


class StateMachine(namedtuple("StateMachine", "logical_id properties alias_name alias_missing alias_errors "
                                              "generated definition resources errors warnings rollback_alarms "
                                              "sources", defaults=({},))):
    """What the expansion knows about one AWS::Serverless::StateMachine, also when it has errors."""

    __slots__ = ()

    def source_path(self, logical_id: str, property_path: tuple) -> tuple:
        """The SAM node a value of a generated resource came from (`property_path` is relative to its
        Properties): the recorded source (provenance.py), else the SAM node that makes the resource."""
        from .provenance import source_path  # only a problem in a generated resource needs it

        found = source_path(self.sources.get(logical_id), property_path)
        if found is not None:
            return found
        made = next((entry for entry in self.generated if entry.logical_id == logical_id), None)
        return made.path if made is not None else ("Resources", self.logical_id)

    @property
    def properties_path(self) -> tuple:
        """The path of its Properties: ('Resources', logical_id, 'Properties')."""
        return ("Resources", self.logical_id, "Properties")

    @property
    def version_logical_id(self) -> str | None:
        """The AWS::StepFunctions::StateMachineVersion it publishes (<Id>Version), or None without an alias."""
        return version_id(self.logical_id) if self.alias_name else None

    @property
    def alias_logical_id(self) -> str | None:
        """The AWS::StepFunctions::StateMachineAlias it makes (<Id>Alias<name>), or None without an alias."""
        return alias_id(self.logical_id, self.alias_name) if self.alias_name else None

    @property
    def deployment_preference(self):
        """DeploymentPreference as given (after Globals): a mapping, an Fn::If, or None."""
        return self.properties.get("DeploymentPreference")

    @property
    def deployment(self) -> Deployment:
        """The deployment this state machine's AutoPublishAlias and DeploymentPreference describe
        (also without a valid alias, so that the rules see every Alarms entry as written)."""
        return Deployment(self.logical_id, self.alias_logical_id, self.alias_name,
                          self.properties.get("AutoPublishAlias"), self.version_logical_id,
                          self.properties_path + ("DeploymentPreference",), self.deployment_preference,
                          self.rollback_alarm_ids, self.rollback_alarms.path if self.rollback_alarms else None, self)

    def preferences(self) -> Iterator[tuple[tuple, dict]]:
        """Each deployment preference mapping, with its path; both branches of an Fn::If."""
        return self.deployment.preferences()

    def alarms(self) -> Iterator[AlarmEntry]:
        """Each entry of each Alarms list the deployment preference names, the rollback alarms that
        expansion adds included (`!Ref <Id><Metric>Alarm`, with the path of their RollbackAlarms setting)."""
        return self.deployment.alarms()

    @property
    def rollback_alarm_ids(self) -> tuple[str, ...]:
        """The logical IDs of the rollback alarms, which the alias's Alarms lists."""
        if self.rollback_alarms is None:
            return ()
        return tuple(rollback_alarm_id(self.logical_id, metric) for metric in self.rollback_alarms.metrics)

    def event_targets(self) -> Iterator[EventTarget]:
        """What each event starts."""
        events = self.properties.get("Events")
        use_alias = self.alias_name is not None and self.properties.get("UseAliasAsEventTarget") is True
        target = self.alias_logical_id if use_alias else self.logical_id
        for name, event in (events.items() if isinstance(events, dict) else ()):
            yield EventTarget(name, _event_resource_id(self.logical_id, str(name), event), target,
                              self.properties_path + ("Events", name))


describe_fields(StateMachine, {
    "logical_id": "its logical ID, as in the template",
    "properties": "its Properties after Globals ({} when they are not a mapping)",
    "alias_name": "the AutoPublishAlias as resolved (a parameter's value for a Ref): None without one, or when "
                  "it cannot name an alias",
    "alias_missing": "True when it has no AutoPublishAlias (or an empty one): no version or alias is published",
    "alias_errors": "why AutoPublishAlias names no alias (E9109 Problems); () when it does or is absent",
    "generated": "every resource it makes (core.logical_ids.Generated: logical ID, type, owner, path), "
                 "worked out also for a resource with errors",
    "definition": "the definition's facts (expansion.definition.DefinitionFacts): the definition as a mapping, "
                  "its DefinitionSubstitutions, and the local file a DefinitionUri names",
    "resources": "the CloudFormation resources it expands into, by logical ID; None when it has errors",
    "errors": "its errors (Problems), in document order",
    "warnings": "its warnings (Problems), in document order",
    "rollback_alarms": "what samtransform's RollbackAlarms setting asks for (expansion.rollback_alarms.Options: "
                       "the metrics and the setting's path), or None",
    "sources": "where each generated value came from: logical ID -> {property path: Source} "
               "(expansion.provenance)",
})


def _event_resource_id(logical_id: str, name: str, event) -> str:
    """The rule or schedule an event makes; for an Api event, the REST API its method is on."""
    properties = event.get("Properties") if isinstance(event, dict) else None
    if isinstance(event, dict) and event.get("Type") == "Api" and isinstance(properties, dict):
        from .events.api import rest_api_id  # only templates with Api events read it

        api_id = rest_api_id(properties.get("RestApiId"))
        if isinstance(api_id, str):
            return api_id
    return event_id(logical_id, name)


def _mappings_through_if(path: tuple, value) -> Iterator[tuple[tuple, dict]]:
    if is_fn_if(value):
        arguments = value["Fn::If"]
        if isinstance(arguments, list) and len(arguments) == 3:
            for branch in (1, 2):
                yield from _mappings_through_if(path + ("Fn::If", branch), arguments[branch])
    elif isinstance(value, dict) and not is_no_value(value):
        yield path, value


class Expansion(namedtuple("Expansion", "template errors warnings state_machines context apis", defaults=((),))):
    """What expanding one template gives (`expand_template`): the CloudFormation, the problems,
    and what was worked out about each state machine."""

    __slots__ = ()

    def state_machine(self, logical_id) -> StateMachine | None:
        """The StateMachine with this logical ID, or None."""
        return next((machine for machine in self.state_machines if machine.logical_id == logical_id), None)

    def generated(self) -> dict[str, Generated]:
        """Every logical ID the state machines generate (each machine's own ID included), first owner first."""
        made: dict[str, Generated] = {}
        for machine in self.state_machines:
            for entry in machine.generated:
                made.setdefault(entry.logical_id, entry)
        for api in self.apis:
            for entry in api:
                made.setdefault(entry.logical_id, entry)
        return made


describe_fields(Expansion, {
    "template": "the expanded CloudFormation template (a new dict sharing unchanged values with the input), "
                "or None when there are errors",
    "errors": "every error (Problems), in document order; the template is None when there is one",
    "warnings": "every warning (Problems), in document order: the template deploys, but part of it is probably "
                "a mistake",
    "state_machines": "a StateMachine for each AWS::Serverless::StateMachine, in document order",
    "context": "what the expansion used besides the template (core.context.Context): region, partition, "
               "folder of local files, parameter values",
    "apis": "the REST APIs that state machine Api events feed, each a tuple of core.logical_ids.Generated "
            "(the RestApi first); () when there are errors",
})


