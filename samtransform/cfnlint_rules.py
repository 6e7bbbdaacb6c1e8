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
template object). Templates without an AWS::Serverless::StateMachine (or a misspelling of
it), or a plain AWS::StepFunctions::StateMachineAlias with a DeploymentPreference (as AWS
CDK writes one), are left to cfn-lint's own rules.

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

from .core.catalog import RULES
from .core.problems import Located, Problem
from .rules import check_template
from .io.locations import locate
from .core.problems import InvalidTemplateError
from .expansion.deployments import ALIAS_TYPE
from .expansion.resource_types import misspelling
from .expansion.state_machine import RESOURCE_TYPE
from .io.document import Document

TAGS = ["samtransform", "serverless", "stepfunctions"]
_CACHE_ATTRIBUTE = "_samtransform_findings"
# samtransform's option in a message -> cfn-lint's option for the same thing.
CFN_LINT_OPTIONS = {"--parameter-overrides ": "--parameters "}


def _has_state_machine(template) -> bool:
    """An AWS::Serverless::StateMachine, or a plain StateMachineAlias with a DeploymentPreference (AWS CDK's)."""
    resources = template.get("Resources") if isinstance(template, dict) else None
    return isinstance(resources, dict) and any(_is_deployed_state_machine(resource) for resource in resources.values())


def _is_deployed_state_machine(resource) -> bool:
    """A SAM state machine (its type misspelt too: E9811 says so), or an alias with a DeploymentPreference."""
    kind = resource.get("Type") if isinstance(resource, dict) else None
    if not isinstance(kind, str):
        return False
    if kind == RESOURCE_TYPE or (kind.startswith("AWS::") and misspelling(kind) == RESOURCE_TYPE):
        return True
    properties = resource.get("Properties")
    return kind == ALIAS_TYPE and isinstance(properties, dict) and "DeploymentPreference" in properties


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
             name: str | None = None) -> list[Problem]:
    findings: dict[Problem, None] = {}
    for parameters in _parameter_sets(cfn):
        for finding in check_template(template, region=region, parameters=parameters, base_dir=base_dir,
                                      load_warnings=load_warnings):
            findings.setdefault(_in_cfn_lint_words(finding, name))
    return list(findings)


def _in_cfn_lint_words(finding: Problem, name: str | None) -> Problem:
    message = finding.message
    for ours, theirs in CFN_LINT_OPTIONS.items():
        message = message.replace(ours, theirs)
    # cfn-lint can point only into the template: a problem inside a local definition
    # file is placed at the property that names the file, and its message says where. A
    # position in the template itself (a repeated key) is kept.
    if finding.origin is not None and finding.origin.file == name:
        return finding._replace(message=message)
    return finding._replace(message=_with_origin(finding._replace(message=message)), origin=None)


def _from_file(filename: str, region: str, cfn) -> list[tuple[Problem, tuple | None]]:
    try:
        document = Document.read(filename)
        template = document.parse()
    except InvalidTemplateError:
        return []  # cfn-lint reports the file's read and parse errors itself
    if not _has_state_machine(template):
        return []
    findings = _checked(template, cfn, region, base_dir=document.base_dir, load_warnings=document.warnings,
                        name=document.name)
    return [(entry.problem, _location(entry)) for entry in locate(document.text, document.name, findings)]


def _with_origin(finding: Problem) -> str:
    origin = finding.origin
    if origin is None or origin.file in finding.message:
        return finding.message
    return f"{finding.message} (at {origin.file}:{origin.line}:{origin.column})"


def _location(entry: Located) -> tuple:
    # cfn-lint's locations are 0-based: (line, column, end line, end column).
    end_line, end_column = entry.location.end
    return (entry.line - 1, entry.column - 1, end_line - 1, end_column - 1)


def _from_template(cfn, region: str) -> list[tuple[Problem, tuple | None]]:
    try:
        template = json.loads(json.dumps(cfn.template))  # plain values: cfn-lint's nodes subclass them
    except (TypeError, ValueError):
        return []
    if not _has_state_machine(template):
        return []
    return [(finding, None) for finding in _checked(template, cfn, region)]


def _findings(cfn) -> list[tuple[Problem, tuple | None]]:
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
    """What every rule class shares: it reports the findings of the samtransform rule with its
    `id`. Not itself a CloudFormationLintRule, so cfn-lint instantiates only the rule classes."""

    id = ""

    def match(self, cfn) -> list[RuleMatch]:
        matches = []
        for finding, location in _findings(cfn):
            if finding.rule != self.id:
                continue
            extra = {"location": location} if location is not None else {}
            matches.append(RuleMatch(list(finding.path), finding.message, **extra))
        return matches


def _rule_class(rule) -> type:
    """The cfn-lint rule class of one catalog rule: its ID, words and documentation link."""
    return type(f"Samtransform{rule.id}", (_FromSamtransform, CloudFormationLintRule), {
        "__module__": __name__, "__doc__": rule.description, "id": rule.id, "shortdesc": rule.summary,
        "description": rule.description, "source_url": rule.doc_url, "tags": TAGS})


# One class per rule of the catalog, in this module's namespace, where cfn-lint's
# `--append-rules samtransform.cfnlint_rules` finds every CloudFormationLintRule subclass.
for _rule in RULES:
    globals()[f"Samtransform{_rule.id}"] = _rule_class(_rule)
del _rule
