"""samtransform's checks as cfn-lint rules: `cfn-lint TEMPLATE --append-rules samtransform.cfnlint_rules`.

cfn-lint instantiates every CloudFormationLintRule subclass in this module, one per rule
of `samtransform.rules.RULES`, with the same ID, description and documentation link.
The only module of samtransform that imports cfn-lint.

What a rule sees differs by cfn-lint version: up to 1.53.3 cfn-lint runs AWS SAM's
translator before the rules, so `cfn.template` is the expanded template (and SAM's
translator changes its input as it goes); from 1.54 it is the SAM template as written.
So the checks read the template file again with samtransform's own loader, and each
finding carries its line and column in that file (`RuleMatch.location`), right in every
version and every cfn-lint output format. A template read from standard input has no file:
then the checks run on `cfn.template` if it is still the SAM input, and cfn-lint places
the findings by their paths; a translated one is left alone.

The checks run once per template, however many rules ask (the result is kept on the
template object). Templates without an AWS::Serverless::StateMachine are left to
cfn-lint's own rules.

cfn-lint's `--parameters` (and `parameters:` in .cfnlintrc or the template's Metadata) reach
the checks as `--parameter-overrides` does for `samtransform check`; with several parameter
sets, a finding of any set is reported once. Advice that names a samtransform option names
cfn-lint's own instead (`CFN_LINT_OPTIONS`).
"""

from __future__ import annotations

import functools
import inspect
import json
import os

from cfnlint.rules import CloudFormationLintRule, RuleMatch
from cfnlint.template import Template

from .rules import RULES_BY_ID, check_template
from .rules.subject import Finding
from .io.report import Located, locate
from .core.problems import InvalidTemplateError
from .expansion.state_machine import RESOURCE_TYPE
from .io.document import Document

TAGS = ["samtransform", "serverless", "stepfunctions"]
_CACHE_ATTRIBUTE = "_samtransform_findings"
# samtransform's option in a message -> cfn-lint's option for the same thing.
CFN_LINT_OPTIONS = {"--parameter-overrides ": "--parameters "}


def _has_state_machine(template) -> bool:
    resources = template.get("Resources") if isinstance(template, dict) else None
    return isinstance(resources, dict) and any(
        isinstance(resource, dict) and resource.get("Type") == RESOURCE_TYPE for resource in resources.values())


def _remember_parameter_sets() -> None:
    """Keep cfn-lint's parameter sets on each template, where the rules can read them.

    cfn-lint builds a Template with the `--parameters` sets in its context, and then its
    transform step, which runs for every template with a `Transform` (so for every SAM
    template), replaces the context with a new one without them (cfn-lint 1.51.0 to 1.58.0,
    template/transforms/transform.py). The sets are kept as an attribute when the template
    is built; nothing else about the template changes.
    """
    original = Template.__init__
    if getattr(original, "_samtransform_keeps_parameters", False):
        return
    signature = inspect.signature(original)

    @functools.wraps(original)
    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        try:
            sets = signature.bind(self, *args, **kwargs).arguments.get("parameter_sets")
        except TypeError:  # another cfn-lint's signature: keep what the context has
            sets = None
        self._samtransform_parameter_sets = list(sets or [])

    init._samtransform_keeps_parameters = True
    Template.__init__ = init


_remember_parameter_sets()


def _parameter_sets(cfn) -> list[dict | None]:
    """cfn-lint's parameter sets (from --parameters and its config), or one run without."""
    sets = (getattr(getattr(cfn, "context", None), "parameter_sets", None)
            or getattr(cfn, "_samtransform_parameter_sets", None) or [])
    values = [{str(key): value for key, value in getattr(each, "parameters", {}).items()} for each in sets]
    return [each for each in values if each] or [None]


def _checked(template: dict, cfn, region: str, base_dir=None, load_warnings: tuple = (),
             name: str | None = None) -> list[Finding]:
    findings: dict[Finding, None] = {}
    for parameters in _parameter_sets(cfn):
        for finding in check_template(template, region=region, parameters=parameters, base_dir=base_dir,
                                      load_warnings=load_warnings):
            findings.setdefault(_in_cfn_lint_words(finding, name))
    return list(findings)


def _in_cfn_lint_words(finding: Finding, name: str | None) -> Finding:
    message = finding.message
    for ours, theirs in CFN_LINT_OPTIONS.items():
        message = message.replace(ours, theirs)
    # cfn-lint can point only into the template: a problem inside a local definition
    # file is placed at the property that names the file, and its message says where. A
    # position in the template itself (a repeated key) is kept.
    if finding.origin is not None and finding.origin.file == name:
        return Finding(finding.rule_id, finding.path, message, finding.origin)
    return Finding(finding.rule_id, finding.path, _with_origin(finding._replace(message=message)))


def _from_file(filename: str, region: str, cfn) -> list[tuple[Finding, tuple | None]]:
    try:
        document = Document.read(filename)
        template = document.parse()
    except InvalidTemplateError:
        return []  # cfn-lint reports the file's read and parse errors itself
    if not _has_state_machine(template):
        return []
    findings = _checked(template, cfn, region, base_dir=document.base_dir, load_warnings=document.warnings,
                        name=document.name)
    return [(entry.finding, _location(entry)) for entry in locate(document.text, document.name, findings)]


def _with_origin(finding: Finding) -> str:
    origin = finding.origin
    if origin is None or origin.file in finding.message:
        return finding.message
    return f"{finding.message} (at {origin.file}:{origin.line}:{origin.column})"


def _location(entry: Located) -> tuple:
    # cfn-lint's locations are 0-based: (line, column, end line, end column).
    return (entry.line - 1, entry.column - 1, entry.end_line - 1, entry.end_column - 1)


def _from_template(cfn, region: str) -> list[tuple[Finding, tuple | None]]:
    try:
        template = json.loads(json.dumps(cfn.template))  # plain values: cfn-lint's nodes subclass them
    except (TypeError, ValueError):
        return []
    if not _has_state_machine(template):
        return []
    return [(finding, None) for finding in _checked(template, cfn, region)]


def _findings(cfn) -> list[tuple[Finding, tuple | None]]:
    cached = getattr(cfn, _CACHE_ATTRIBUTE, None)
    if cached is None:
        filename = getattr(cfn, "filename", None)
        region = (getattr(cfn, "regions", None) or ["us-east-1"])[0]
        if filename and os.path.isfile(filename):
            cached = _from_file(filename, region, cfn)
        else:
            cached = _from_template(cfn, region)
        setattr(cfn, _CACHE_ATTRIBUTE, cached)
    return cached


class _FromSamtransform:
    """What every rule class below shares: its words and link come from the samtransform rule
    with its `id`, and it reports that rule's findings. Not itself a CloudFormationLintRule,
    so cfn-lint instantiates only the rule classes."""

    id = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        rule = RULES_BY_ID[cls.id]
        cls.__doc__ = rule.description
        cls.shortdesc = rule.shortdesc
        cls.description = rule.description
        cls.source_url = rule.source_url
        cls.tags = TAGS

    def match(self, cfn) -> list[RuleMatch]:
        matches = []
        for finding, location in _findings(cfn):
            if finding.rule_id != self.id:
                continue
            extra = {"location": location} if location is not None else {}
            matches.append(RuleMatch(list(finding.path), finding.message, **extra))
        return matches


# One class per rule of samtransform.rules.RULES (tests/test_cfn_lint_plugin.py keeps them in step).

class SamtransformE9000(_FromSamtransform, CloudFormationLintRule):
    id = "E9000"  # Template does not expand


class SamtransformW9001(_FromSamtransform, CloudFormationLintRule):
    id = "W9001"  # Template expands with a warning


class SamtransformE9101(_FromSamtransform, CloudFormationLintRule):
    id = "E9101"  # Unknown deployment type


class SamtransformE9102(_FromSamtransform, CloudFormationLintRule):
    id = "E9102"  # Percentage out of range


class SamtransformE9103(_FromSamtransform, CloudFormationLintRule):
    id = "E9103"  # Interval out of range


class SamtransformE9104(_FromSamtransform, CloudFormationLintRule):
    id = "E9104"  # Gradual deployment without Percentage or Interval


class SamtransformW9105(_FromSamtransform, CloudFormationLintRule):
    id = "W9105"  # Percentage ignored by ALL_AT_ONCE


class SamtransformE9106(_FromSamtransform, CloudFormationLintRule):
    id = "E9106"  # Unknown DeploymentPreference key


class SamtransformE9107(_FromSamtransform, CloudFormationLintRule):
    id = "E9107"  # Invalid Alarms list


class SamtransformE9108(_FromSamtransform, CloudFormationLintRule):
    id = "E9108"  # Deployment setting without AutoPublishAlias


class SamtransformE9109(_FromSamtransform, CloudFormationLintRule):
    id = "E9109"  # Invalid AutoPublishAlias


class SamtransformE9201(_FromSamtransform, CloudFormationLintRule):
    id = "E9201"  # Alarm given as GetAtt


class SamtransformE9202(_FromSamtransform, CloudFormationLintRule):
    id = "E9202"  # Alarm given as ARN


class SamtransformE9203(_FromSamtransform, CloudFormationLintRule):
    id = "E9203"  # Alarm Ref to something else


class SamtransformW9204(_FromSamtransform, CloudFormationLintRule):
    id = "W9204"  # Unknown alarm name


class SamtransformW9301(_FromSamtransform, CloudFormationLintRule):
    id = "W9301"  # Alarm outside AWS/States


class SamtransformW9302(_FromSamtransform, CloudFormationLintRule):
    id = "W9302"  # Alarm watches another state machine


class SamtransformW9303(_FromSamtransform, CloudFormationLintRule):
    id = "W9303"  # Alarm watches another alias


class SamtransformW9401(_FromSamtransform, CloudFormationLintRule):
    id = "W9401"  # Alarm too slow for the rollout


class SamtransformW9402(_FromSamtransform, CloudFormationLintRule):
    id = "W9402"  # Gradual deployment without alarms


class SamtransformW9403(_FromSamtransform, CloudFormationLintRule):
    id = "W9403"  # Rollback alarms may not stop the rollout


class SamtransformW9404(_FromSamtransform, CloudFormationLintRule):
    id = "W9404"  # RollbackAlarms without effect


class SamtransformW9405(_FromSamtransform, CloudFormationLintRule):
    id = "W9405"  # Api event bypasses the gradual deployment


class SamtransformE9501(_FromSamtransform, CloudFormationLintRule):
    id = "E9501"  # Unsupported state machine sub-reference


class SamtransformE9502(_FromSamtransform, CloudFormationLintRule):
    id = "E9502"  # Reference to a generated resource that does not exist


class SamtransformE9601(_FromSamtransform, CloudFormationLintRule):
    id = "E9601"  # Too many resources after expansion


class SamtransformE9602(_FromSamtransform, CloudFormationLintRule):
    id = "E9602"  # Expanded template over 1 MB


class SamtransformW9603(_FromSamtransform, CloudFormationLintRule):
    id = "W9603"  # Expanded template needs S3


class SamtransformE9701(_FromSamtransform, CloudFormationLintRule):
    id = "E9701"  # Undefined definition substitution


class SamtransformW9702(_FromSamtransform, CloudFormationLintRule):
    id = "W9702"  # Unused definition substitution


class SamtransformE9711(_FromSamtransform, CloudFormationLintRule):
    id = "E9711"  # Transition to a state that does not exist


class SamtransformE9712(_FromSamtransform, CloudFormationLintRule):
    id = "E9712"  # Next and End


class SamtransformW9713(_FromSamtransform, CloudFormationLintRule):
    id = "W9713"  # Unreachable state


class SamtransformE9714(_FromSamtransform, CloudFormationLintRule):
    id = "E9714"  # No terminal state


class SamtransformE9715(_FromSamtransform, CloudFormationLintRule):
    id = "E9715"  # Unknown state type


class SamtransformE9716(_FromSamtransform, CloudFormationLintRule):
    id = "E9716"  # Duplicate state name


class SamtransformE9721(_FromSamtransform, CloudFormationLintRule):
    id = "E9721"  # Field not allowed


class SamtransformE9722(_FromSamtransform, CloudFormationLintRule):
    id = "E9722"  # Required field missing


class SamtransformE9723(_FromSamtransform, CloudFormationLintRule):
    id = "E9723"  # Fields that exclude each other


class SamtransformE9724(_FromSamtransform, CloudFormationLintRule):
    id = "E9724"  # States.ALL not last


class SamtransformE9725(_FromSamtransform, CloudFormationLintRule):
    id = "E9725"  # HeartbeatSeconds not below TimeoutSeconds


class SamtransformE9726(_FromSamtransform, CloudFormationLintRule):
    id = "E9726"  # Field of the other query language


class SamtransformE9731(_FromSamtransform, CloudFormationLintRule):
    id = "E9731"  # Unknown integrated service


class SamtransformE9732(_FromSamtransform, CloudFormationLintRule):
    id = "E9732"  # Integration pattern the service does not offer


class SamtransformE9733(_FromSamtransform, CloudFormationLintRule):
    id = "E9733"  # Express workflow waiting for a job or a callback


class SamtransformE9734(_FromSamtransform, CloudFormationLintRule):
    id = "E9734"  # Express workflow limit
