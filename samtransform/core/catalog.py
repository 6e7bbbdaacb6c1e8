"""The rule catalog: one record per rule, the one home of its ID, severity, summary and description.

Everything else is derived from it: `samtransform check --list-rules`, the cfn-lint
plugin's rule classes (cfnlint_rules.py), the SARIF rule table, the `doc_url` of each
finding, and the rule tables of README.md and docs/rules.md (scripts/generate_docs.py;
tests/test_docs.py holds them together). What each rule checks is in `samtransform.rules`,
whose table maps each ID to its check function; a rule whose constraint lives in the input
schema (`ruleId` there) reports `expand`'s own errors with its ID.

IDs are in cfn-lint's range for user rules (E9xxx errors, W9xxx warnings); the letter is the
severity. The hundreds group the rules by what they are about.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple

from .limits import (
    MAX_ALIAS_NAME_LENGTH, MAX_REQUEST_TEMPLATE_BYTES, MAX_RESOURCES, alarms_bounds, deployment_preference_bounds)

# Installed wheels carry docs/ inside the package (pyproject.toml), a checkout has it at the root.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS_DIR = next((folder for folder in (os.path.join(_PACKAGE, "docs"), os.path.join(os.path.dirname(_PACKAGE), "docs"))
                 if os.path.isdir(folder)), os.path.join(_PACKAGE, "docs"))
RULES_DOC = "rules.md"


class Rule(namedtuple("Rule", "id summary description")):
    """A rule: its ID (the letter is the severity), a summary that heads its section in
    docs/rules.md, and a one-sentence description."""

    __slots__ = ()

    @property
    def severity(self) -> str:
        return "error" if self.id.startswith("E") else "warning"

    @property
    def anchor(self) -> str:
        """The anchor of the rule's section in docs/rules.md (GitHub's slug of its heading)."""
        return slug(f"{self.id} {self.summary}")

    @property
    def doc_path(self) -> str:
        """The rule's section as a path relative to the repository (and to the installed package)."""
        return f"docs/{RULES_DOC}#{self.anchor}"

    @property
    def doc_url(self) -> str:
        """A link a user can open: the rule's section in the docs this installation carries
        (a file:// URL, as `Path.as_uri` writes it: a space is %20, a Windows drive is /C:/)."""
        from urllib.parse import quote  # only a finding that is written out needs its link

        path = os.path.join(DOCS_DIR, RULES_DOC).replace(os.sep, "/")
        return "file://" + quote(path if path.startswith("/") else "/" + path) + "#" + self.anchor


def slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


_PERCENTAGE = deployment_preference_bounds("Percentage")
_INTERVAL = deployment_preference_bounds("Interval")
_MOST_ALARMS, _SHORTEST_NAME, _LONGEST_NAME = alarms_bounds()

RULES: tuple[Rule, ...] = (
    # Reading and expanding the template
    Rule("E9000", "Template does not expand",
         "samtransform cannot read or expand the template; the message says why."),
    Rule("W9001", "Template expands with a warning",
         "samtransform expands the template, but warns that part of it is probably a mistake (a repeated "
         "key, a key AWS SAM ignores); the message says why."),
    Rule("W9002", "Null top-level section",
         "A top-level section (Parameters, Mappings, Conditions, Outputs, Metadata, Rules) is a key with "
         "nothing under it, which is null; CloudFormation rejects a null value."),
    # DeploymentPreference and AutoPublishAlias
    Rule("E9101", "Unknown deployment type",
         "DeploymentPreference Type must be LINEAR, CANARY or ALL_AT_ONCE."),
    Rule("E9102", "Percentage out of range",
         f"DeploymentPreference Percentage must be an integer from {_PERCENTAGE[0]} to {_PERCENTAGE[1]}."),
    Rule("E9103", "Interval out of range",
         f"DeploymentPreference Interval must be an integer from {_INTERVAL[0]} to {_INTERVAL[1]} (minutes)."),
    Rule("E9104", "Gradual deployment without Percentage or Interval",
         "A LINEAR or CANARY deployment preference needs both Percentage and Interval."),
    Rule("W9105", "Percentage ignored by ALL_AT_ONCE",
         "An ALL_AT_ONCE deployment shifts all traffic at once; its Percentage has no effect."),
    Rule("E9106", "Unknown DeploymentPreference key",
         "DeploymentPreference takes only Type, Percentage, Interval and Alarms."),
    Rule("E9107", "Invalid Alarms list",
         f"Alarms must list 1 to {_MOST_ALARMS} distinct alarm names, each {_SHORTEST_NAME} to {_LONGEST_NAME} "
         "characters long."),
    Rule("E9108", "Deployment setting without AutoPublishAlias",
         "DeploymentPreference and UseAliasAsEventTarget need AutoPublishAlias."),
    Rule("E9109", "Invalid AutoPublishAlias",
         f"AutoPublishAlias must resolve to 1 to {MAX_ALIAS_NAME_LENGTH} letters and digits, with at least one "
         "letter."),
    # What Alarms names
    Rule("E9201", "Alarm given as GetAtt",
         "Alarms needs alarm names; !GetAtt of an alarm gives its ARN."),
    Rule("E9202", "Alarm given as ARN",
         "Alarms needs alarm names, not ARNs."),
    Rule("E9203", "Alarm Ref to something else",
         "Alarms entries that use !Ref must name an AWS::CloudWatch::Alarm (or CompositeAlarm) or a "
         "parameter."),
    Rule("W9204", "Unknown alarm name",
         "A literal alarm name that no alarm in the template has."),
    # What each alarm watches
    Rule("W9301", "Alarm outside AWS/States",
         "An alarm in Alarms watches a metric outside Step Functions' AWS/States namespace."),
    Rule("W9302", "Alarm watches another state machine",
         "An alarm in Alarms has no StateMachineArn dimension for this state machine."),
    Rule("W9303", "Alarm watches another alias",
         "An alarm in Alarms has no Alias dimension equal to this state machine's alias name."),
    Rule("E9304", "Alarm on a metric Step Functions does not publish",
         "An alarm in AWS/States names a metric Step Functions never publishes, or a Step Functions metric in a "
         "misspelt namespace: it never has data, so it never fires."),
    Rule("E9305", "Alarm dimensions Step Functions never publishes",
         "An alarm on a Step Functions metric has a dimension, or a set of dimensions, that the metric is never "
         "published with: it never has data, so it never fires."),
    Rule("E9306", "Rollback alarm that fires while the version is healthy or never fires",
         "An alarm in Alarms compares its Step Functions metric the wrong way (LessThan on a failure count, "
         "GreaterThan on a success count), or with a threshold a count can never cross."),
    Rule("E9307", "Alarm setting CloudWatch refuses",
         "A Statistic, ExtendedStatistic, Period, evaluation window, ComparisonOperator or Metrics entry that "
         "CloudWatch's PutMetricAlarm refuses."),
    Rule("W9308", "Sub-minute period on a Step Functions metric",
         "Step Functions publishes its metrics once a minute: an alarm on one with a Period of 10, 20 or 30 "
         "seconds often lapses into INSUFFICIENT_DATA."),
    # Rollout timing
    Rule("W9401", "Alarm too slow for the rollout",
         "An alarm's evaluation window (Period x DatapointsToAlarm or EvaluationPeriods) is longer than "
         "the time the deployment can still roll back."),
    Rule("W9402", "Gradual deployment without alarms",
         "A LINEAR or CANARY deployment without Alarms shifts all traffic whatever happens."),
    Rule("W9403", "Rollback alarms may not stop the rollout",
         "The generated rollback alarms cannot be shown to fire before all traffic has moved."),
    Rule("W9404", "RollbackAlarms without effect",
         "A RollbackAlarms setting generates nothing: no AutoPublishAlias, or a threshold for a metric "
         "left out."),
    Rule("W9405", "Api event bypasses the gradual deployment",
         "An Api event starts the state machine rather than its alias, so the alias's deployment and "
         "alarms never see API traffic."),
    # References to generated resources
    Rule("E9501", "Unsupported state machine sub-reference",
         "AWS SAM has no .Alias or .Version references for state machines; name the generated logical ID."),
    Rule("E9502", "Reference to a generated resource that does not exist",
         "A reference to <Id>Alias<Name> or <Id>Version names no resource that will exist."),
    # Stack limits
    Rule("E9601", "Too many resources after expansion",
         f"CloudFormation allows at most {MAX_RESOURCES} resources in a stack."),
    Rule("E9602", "Expanded template over 1 MB",
         "CloudFormation accepts a template of at most 1 MB, even from S3."),
    Rule("W9603", "Expanded template needs S3",
         f"A template body over {MAX_REQUEST_TEMPLATE_BYTES:,} bytes must be deployed from S3."),
    # The workflow definition
    Rule("E9701", "Undefined definition substitution",
         "A ${Name} in the definition that DefinitionSubstitutions does not define reaches Step Functions "
         "as text."),
    Rule("W9702", "Unused definition substitution",
         "A DefinitionSubstitutions entry that the definition never uses."),
    Rule("E9711", "Transition to a state that does not exist",
         "StartAt, Next, Default, a Choice rule or a Catch names no state of its scope."),
    Rule("E9712", "Next and End",
         "A state needs exactly one of Next and End: true, and Choice, Succeed and Fail states have "
         "neither."),
    Rule("W9713", "Unreachable state",
         "No transition from StartAt leads to the state."),
    Rule("E9714", "No terminal state",
         "No state of the scope ends the execution (End: true, Succeed or Fail)."),
    Rule("E9715", "Unknown state type",
         "A state Type that the States Language does not have."),
    Rule("E9716", "Duplicate state name",
         "State names must be unique in the whole state machine, nested scopes included."),
    Rule("E9721", "Field not allowed",
         "A field the state type does not have, or that no state type has."),
    Rule("E9722", "Required field missing",
         "A field the state type requires, such as Resource on a Task."),
    Rule("E9723", "Fields that exclude each other",
         "Fields of which a state may have only one, such as Seconds and Timestamp on a Wait."),
    Rule("E9724", "States.ALL not last",
         "States.ALL must be alone in ErrorEquals, in the last retrier or catcher."),
    Rule("E9725", "HeartbeatSeconds not below TimeoutSeconds",
         "A Task's HeartbeatSeconds must be smaller than its TimeoutSeconds."),
    Rule("E9726", "Field of the other query language",
         "JSONPath-only fields under JSONata, JSONata-only fields under JSONPath."),
    Rule("E9731", "Unknown integrated service",
         "An arn:aws:states::: resource names a service Step Functions has no optimized integration for."),
    Rule("E9732", "Integration pattern the service does not offer",
         "A .sync or .waitForTaskToken resource for a service that has no such pattern."),
    Rule("E9733", "Express workflow waiting for a job or a callback",
         "EXPRESS state machines support Request Response integrations only."),
    Rule("E9734", "Express workflow limit",
         "EXPRESS state machines cannot run activities or a Distributed Map."),
    Rule("E9741", "Invalid JSONata expression",
         "A {% ... %} expression that does not parse as JSONata, or that reads the input document ($, $$ or a "
         "field name at the top level), which Step Functions does not provide."),
    Rule("W9742", "Text that looks like JSONata",
         "A string with {% and %} that is not a whole expression, so Step Functions sends it as written."),
    Rule("E9743", "Invalid path",
         "A Path or Reference Path (InputPath, ResultPath, ItemsPath, a field ending in .$, ...) that is not one."),
    Rule("E9744", "Invalid intrinsic function",
         "An intrinsic function that does not exist, with the wrong number of arguments, or written so that "
         "it does not parse."),
    Rule("E9745", "Invalid Choice rule",
         "A Choice rule with an unknown operator, an operand of the wrong type, no Variable or Condition, or "
         "more than one operator."),
    Rule("E9746", "Invalid Map mode or field",
         "A Map's Mode or ExecutionType that does not exist, a DISTRIBUTED Map without ExecutionType, or a "
         "Distributed Map's field on an INLINE Map."),
    Rule("E9747", "Invalid retrier or catcher",
         "A retrier or catcher with an unknown field, without ErrorEquals (or a catcher without Next), or with a "
         "number out of its range."),
    Rule("E9748", "Value out of range",
         "A state's number outside the range the States Language allows, or a Wait Timestamp that is not "
         "RFC 3339."),
    # Values CloudFormation or the service refuses (samtransform/models)
    Rule("E9801", "Schedule expression EventBridge refuses",
         "A Schedule or ScheduleExpression that is not rate(value unit), cron(six fields) or, for EventBridge "
         "Scheduler, at(yyyy-mm-ddThh:mm:ss), as EventBridge reads them."),
    Rule("E9802", "Event pattern EventBridge refuses",
         "An event pattern with a bare value, an empty array or object, or a comparison EventBridge does not have."),
    Rule("E9803", "Input that is not JSON",
         "An event's Input is given to the state machine as the execution's input, which must be JSON text."),
    Rule("E9804", "Logging Step Functions refuses",
         "A Logging Level other than OFF needs one Destinations entry; Step Functions takes at most one."),
    Rule("E9805", "State machine name Step Functions refuses",
         "A state machine Name with white space, brackets, wildcards, control characters or one of "
         "\" # % \\ ^ | ~ ` $ & , ; : /."),
    Rule("W9806", "State machine name that logging does not take",
         "With logging to CloudWatch Logs, a state machine name should contain only 0-9, A-Z, a-z, - and _."),
    Rule("E9807", "Generated resource CloudFormation's schema refuses",
         "A value that reaches a generated resource which CloudFormation's own resource schema refuses, reported at "
         "the SAM property it came from."),
    Rule("E9811", "Misspelt resource type",
         "A resource Type that is a near miss of an AWS SAM or CloudFormation type: AWS SAM does not expand it and "
         "CloudFormation refuses the template."),
    Rule("W9812", "Resource type no pinned list names",
         "An AWS:: resource Type that neither CloudFormation's pinned type list nor AWS SAM names, and that is close "
         "to none of them or only extends a known name: it may be newer than the lists, or a mistake."),
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
