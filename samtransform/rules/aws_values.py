"""Checks the values CloudFormation or the service refuses at deploy time, with the AWS models
(samtransform/models): schedule expressions, event patterns, targets' Input, logging, state
machine names, generated resources against CloudFormation's schemas, and resource types.

`expand` refuses the SAM properties it copies (expansion/events, logging_configuration.py,
state_machine_name.py, resource_types.py), and these rules report its errors and warnings
under their IDs without deciding again. The same models judge the plain resources of the
template that the SAM form would generate (an AWS::Events::Rule, an AWS::Scheduler::Schedule,
an AWS::StepFunctions::StateMachine), as AWS CDK or hand-written CloudFormation has them.

Rules:
- E9801 a schedule expression EventBridge or EventBridge Scheduler refuses;
- E9802 an event pattern EventBridge refuses;
- E9803 a target's Input that is not JSON text;
- E9804 a logging configuration Step Functions refuses;
- E9805 a state machine name Step Functions refuses; W9806 one that logging does not take;
- E9807 a generated resource CloudFormation's schema refuses (expansion/resource_schemas.py,
  which `expand --strict` runs too), at the SAM node the value came from;
- E9811 a misspelt resource type (expand's error); W9812 an `AWS::` type that no pinned list
  names and that is close to none, or only extends a known name (`expand` does not refuse it:
  it may be newer than the lists).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem
from ..expansion import resource_schemas
from ..expansion.events.rule import INPUT_RULE_ID, PATTERN_RULE_ID, SCHEDULE_RULE_ID
from ..expansion.logging_configuration import RULE_ID as LOGGING_RULE_ID
from ..expansion.logging_configuration import logs_to_cloudwatch
from ..expansion.resource_types import misspelling
from ..expansion.state_machine_name import LOGGING_RULE_ID as NAME_LOGGING_RULE_ID
from ..expansion.state_machine_name import RULE_ID as NAME_RULE_ID
from ..models import event_patterns, schedules, values
from ..models.sam import resource_type_problems
from .subject import Subject

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from collections.abc import Callable

RULE = "AWS::Events::Rule"
SCHEDULE = "AWS::Scheduler::Schedule"
STATE_MACHINE = "AWS::StepFunctions::StateMachine"
STATE_MACHINE_TYPES = (STATE_MACHINE, "AWS::Serverless::StateMachine")  # the version and alias start with the first


def _plain(subject: Subject, resource_type: str) -> Iterator[tuple[tuple, dict]]:
    """(Properties path, Properties) of each resource of this type in the template itself; none for a
    view of some state machines (plan), which reports what concerns their deployments, not these."""
    if subject.is_view:
        return
    for logical_id, resource in subject.resources.items():
        if isinstance(resource, dict) and resource.get("Type") == resource_type \
                and isinstance(resource.get("Properties"), dict):
            yield ("Resources", logical_id, "Properties"), resource["Properties"]


def _at(path: tuple, found: Iterator[tuple[tuple, str]]) -> Iterator[Problem]:
    return (Problem(path + relative, message) for relative, message in found)


def _rule_targets(properties: dict) -> Iterator[tuple[tuple, dict]]:
    targets = properties.get("Targets")
    for index, target in enumerate(targets if isinstance(targets, list) else ()):
        if isinstance(target, dict):
            yield ("Targets", index), target


def check_schedule(subject: Subject) -> Iterator[Problem]:
    yield from subject.expand_errors_of(SCHEDULE_RULE_ID)
    for path, properties in _plain(subject, RULE):
        key = path + ("ScheduleExpression",)
        yield from _at(key, schedules.rule_expression_problems(properties.get("ScheduleExpression")))
    for path, properties in _plain(subject, SCHEDULE):
        key = path + ("ScheduleExpression",)
        yield from _at(key, schedules.scheduler_expression_problems(properties.get("ScheduleExpression")))


def check_pattern(subject: Subject) -> Iterator[Problem]:
    yield from subject.expand_errors_of(PATTERN_RULE_ID)
    for path, properties in _plain(subject, RULE):
        yield from _at(path + ("EventPattern",), event_patterns.pattern_problems(properties.get("EventPattern")))


def check_input(subject: Subject) -> Iterator[Problem]:
    yield from subject.expand_errors_of(INPUT_RULE_ID)
    for path, properties in _plain(subject, RULE):
        for target_path, target in _rule_targets(properties):
            if "Input" in target:
                yield from _at(path + target_path + ("Input",), values.input_problems(target["Input"]))
    for path, properties in _plain(subject, SCHEDULE):
        target = properties.get("Target")
        # Scheduler requires JSON only for a templated target of Lambda, Step Functions or EventBridge.
        if isinstance(target, dict) and "Input" in target and _starts_a_state_machine(subject, target.get("Arn")):
            yield from _at(path + ("Target", "Input"), values.input_problems(target["Input"]))


def _starts_a_state_machine(subject: Subject, arn) -> bool:
    """Whether a target's Arn is a state machine's or an alias's: a literal states ARN, or `!Ref`
    (`!GetAtt X.Arn`) of a state machine, its version or alias in this template."""
    if isinstance(arn, str):
        return ":states:" in arn
    if not isinstance(arn, dict) or len(arn) != 1:
        return False
    key, argument = next(iter(arn.items()))
    if key == "Fn::GetAtt":
        argument = argument.split(".", 1)[0] if isinstance(argument, str) else \
            argument[0] if isinstance(argument, list) and argument else None
    elif key != "Ref":
        return False
    return str(subject.resource_type(argument)).startswith(STATE_MACHINE_TYPES)


def check_logging(subject: Subject) -> Iterator[Problem]:
    yield from subject.expand_errors_of(LOGGING_RULE_ID)
    for path, properties in _plain(subject, STATE_MACHINE):
        logging = properties.get("LoggingConfiguration")
        yield from _at(path + ("LoggingConfiguration",), values.logging_problems(logging))


def _plain_names(subject: Subject, logged: bool) -> Iterator[Problem]:
    for path, properties in _plain(subject, STATE_MACHINE):
        name = properties.get("StateMachineName")
        refused = list(values.name_problems(name))
        if not logged:
            yield from _at(path + ("StateMachineName",), iter(refused))
        elif not refused and logs_to_cloudwatch({"Logging": properties.get("LoggingConfiguration")}):
            yield from _at(path + ("StateMachineName",), values.name_problems(name, logged=True))


def check_name(subject: Subject) -> Iterator[Problem]:
    yield from subject.expand_errors_of(NAME_RULE_ID)
    yield from _plain_names(subject, logged=False)


def check_logged_name(subject: Subject) -> Iterator[Problem]:
    yield from subject.expand_warnings_of(NAME_LOGGING_RULE_ID)
    yield from _plain_names(subject, logged=True)


def check_generated_resources(subject: Subject) -> Iterator[Problem]:
    """What CloudFormation's schema refuses in a generated resource; nothing while expand refuses the template."""
    # A view of some state machines (plan) judges theirs only; the REST APIs, shared, with the whole template.
    apis = () if subject.is_view else subject.expansion.apis
    return resource_schemas.iter_machine_errors(subject.state_machines, apis, subject.expansion.template,
                                                subject.template)


def check_unknown_type(subject: Subject) -> Iterator[Problem]:
    if subject.is_view:  # the template's types, not a deployment's (plan): once per view would be quadratic
        return
    seen: dict[str, list] = {}
    for logical_id, resource in subject.resources.items():
        kind = resource.get("Type") if isinstance(resource, dict) else None
        if not isinstance(kind, str):
            continue
        if kind not in seen:
            # What expand refuses is E9811's; the rest may be newer than the lists.
            seen[kind] = [] if misspelling(kind) is not None else [message for _, message in
                                                                  resource_type_problems(kind)]
        for message in seen[kind]:
            yield Problem(("Resources", logical_id, "Type"), message)


# Each rule's check (the rule itself, its words and its docs: core/catalog.py). E9811
# (expansion/resource_types.RULE_ID) has none: rules/registry.py reports expand's own errors under it.
CHECKS: dict[str, Callable[[Subject], Iterator[Problem]]] = {
    SCHEDULE_RULE_ID: check_schedule,
    PATTERN_RULE_ID: check_pattern,
    INPUT_RULE_ID: check_input,
    LOGGING_RULE_ID: check_logging,
    NAME_RULE_ID: check_name,
    NAME_LOGGING_RULE_ID: check_logged_name,
    resource_schemas.RULE_ID: check_generated_resources,
    "W9812": check_unknown_type,
}