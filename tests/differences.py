"""The deliberate differences from AWS SAM's translator, and how the differential tests account for them.

This table and docs/differences.md's table list the same IDs
(test_readme.py checks it). Each entry says how a comparison with the oracle is
made fair:
- "adapt": rewrite the oracle's input (or both outputs) so the two must then agree;
- "reject": samtransform reports an error where SAM accepts the input; the test
  checks that SAM really does accept it, so the row cannot go stale.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from samtransform.core.conversions import as_boolean
from samtransform.expansion.definition import DefinitionText, load_local_definition
from samtransform.expansion.policies import xray_policy_name
from samtransform.core.tables import managed_policies
from samtransform.expansion.auto_publish_alias import resolve
from samtransform.expansion.context import make_context
from samtransform.core.intrinsics import is_fn_if, is_no_value, ref
from samtransform.core.logical_ids import alias_id

STATE_MACHINE = "AWS::Serverless::StateMachine"


@dataclass(frozen=True)
class Difference:
    summary: str
    kind: str  # "adapt" or "reject"


DIFFERENCES = {
    "local-definition-uri": Difference("A local DefinitionUri file is read and inlined as Definition", "adapt"),
    "alias-from-parameter": Difference("AutoPublishAlias may be !Ref/!Sub over parameters", "adapt"),
    "deployment-preference-if": Difference("Fn::If around DeploymentPreference gets the version in each branch",
                                           "adapt"),
    "other-serverless-resources-kept": Difference("Other Serverless resources, their Globals and the SAM Transform "
                                                  "entry stay for CloudFormation", "adapt"),
    "other-transforms-kept": Difference("Other entries of Transform are kept", "adapt"),
    "alias-name-validation": Difference("An alias name CloudFormation or logical IDs would reject is an error",
                                        "reject"),
    "generated-id-collision": Difference("Two state machines generating the same logical ID is an error", "reject"),
    "strict-input-validation": Difference("Values CloudFormation or the service rejects, misspelt resource types, "
                                          "and unknown keys, are errors", "reject"),
    "unknown-managed-policy": Difference("A managed policy name missing from the offline table is an error",
                                         "reject"),
    "event-role-alias-permission": Difference("With UseAliasAsEventTarget, event roles allow StartExecution on the "
                                              "unqualified ARN, scoped to the alias by states:StateMachineQualifier",
                                              "adapt"),
    "api-settings-unsupported": Difference("API settings samtransform does not reproduce exactly (Domain, AlwaysDeploy, "
                                           "OverrideApiAuth, MergeDefinitions of functions' events, some SHARED usage "
                                           "plans) are errors naming the event", "reject"),
    "tracing-enabled-string": Difference("Tracing.Enabled 'true' (a string CloudFormation converts) gets the X-Ray "
                                         "policy", "adapt"),
    "null-values": Difference("A null that SAM would copy into its output is an error", "reject"),
    "local-definition-substituted": Difference("A local definition file that is JSON only after substitution is "
                                               "inlined as written", "adapt"),
    "rollback-alarms": Difference("Metadata samtransform RollbackAlarms generates alarms listed in the alias's "
                                  "Alarms, and the samtransform metadata is removed", "adapt"),
    "rollback-alarms-settings": Difference("Invalid samtransform settings, and rollback alarms that cannot be "
                                           "added or would take an existing ID, are errors", "reject"),
    "connector-metadata-type": Difference("A standalone Connector left to AWS SAM names an expanded state machine "
                                          "or API by its CloudFormation type in its aws:sam:connectors metadata",
                                          "adapt"),
}


# --------------------------------------------------------------------------- adapters

def _state_machines(template: dict):
    for logical_id, resource in template.get("Resources", {}).items():
        if isinstance(resource, dict) and resource.get("Type") == STATE_MACHINE:
            yield logical_id, resource.setdefault("Properties", {})


def inline_local_definitions(template: dict, base_dir: Path) -> None:
    """Give the oracle the Definition samtransform reads from a local DefinitionUri."""
    context, _ = make_context(template, "us-east-1", {}, base_dir)
    for logical_id, properties in _state_machines(template):
        uri = properties.get("DefinitionUri")
        if isinstance(uri, str) and "://" not in uri:
            definition, errors = load_local_definition((), uri, context)
            assert not errors, errors
            if isinstance(definition, DefinitionText):
                continue  # local-definition-substituted gives it to SAM as an S3 upload
            del properties["DefinitionUri"]
            properties["Definition"] = definition


def resolve_alias_names(template: dict, parameters: dict) -> None:
    """Give the oracle the literal alias names samtransform resolves from parameters."""
    context, _ = make_context(template, "us-east-1", parameters, Path.cwd())
    for logical_id, properties in _state_machines(template):
        value = properties.get("AutoPublishAlias")
        if isinstance(value, dict):
            name, errors = resolve((), logical_id, value, context)
            assert not errors, errors
            properties["AutoPublishAlias"] = name


def resolve_alias_names_in_output(output: dict, template: dict, parameters: dict) -> dict:
    """samtransform keeps the user's Ref/Sub as the alias Name; SAM would need the literal."""
    context, _ = make_context(template, "us-east-1", parameters, Path.cwd())
    output = copy.deepcopy(output)
    for logical_id, resource in output.get("Resources", {}).items():
        if resource.get("Type") == "AWS::StepFunctions::StateMachineAlias":
            name = resource["Properties"]["Name"]
            if isinstance(name, dict):
                resource["Properties"]["Name"], errors = resolve((), logical_id, name, context)
                assert not errors, errors
    return output


def condition_assignments(template: dict) -> list[dict]:
    """Every truth assignment of the conditions used by Fn::If around DeploymentPreference."""
    names = set()
    for _, properties in _state_machines(template):
        names |= _if_conditions(properties.get("DeploymentPreference"))
    names = sorted(names)
    return [dict(zip(names, values)) for values in itertools.product([True, False], repeat=len(names))]


def _if_conditions(value) -> set:
    if not is_fn_if(value):
        return set()
    condition, if_true, if_false = value["Fn::If"]
    return {condition} | _if_conditions(if_true) | _if_conditions(if_false)


def choose(value, assignment: dict):
    """Resolve Fn::If (over `assignment`) the way CloudFormation would at deploy time."""
    while is_fn_if(value):
        condition, if_true, if_false = value["Fn::If"]
        value = if_true if assignment[condition] else if_false
    return None if is_no_value(value) else value


def resolve_preference_ifs_in_input(template: dict, assignment: dict) -> None:
    for _, properties in _state_machines(template):
        if "DeploymentPreference" in properties:
            chosen = choose(properties["DeploymentPreference"], assignment)
            if chosen is None:
                del properties["DeploymentPreference"]
            else:
                properties["DeploymentPreference"] = chosen


def resolve_preference_ifs_in_output(output: dict, assignment: dict) -> dict:
    output = copy.deepcopy(output)
    for resource in output.get("Resources", {}).values():
        if resource.get("Type") == "AWS::StepFunctions::StateMachineAlias":
            resource["Properties"]["DeploymentPreference"] = choose(
                resource["Properties"]["DeploymentPreference"], assignment)
    return output


def without_serverless(output: dict, oracle_output: dict) -> tuple[dict, dict]:
    """Compare only what samtransform expands: drop what it leaves for CloudFormation's SAM transform."""
    ours = {key: value for key, value in output.items() if key not in ("Transform", "Globals")}
    ours["Resources"] = {key: value for key, value in output["Resources"].items()
                         if not str(value.get("Type", "")).startswith("AWS::Serverless::")}
    theirs = dict(oracle_output)
    theirs["Resources"] = {key: value for key, value in oracle_output["Resources"].items()
                           if key in ours["Resources"]}
    return ours, theirs


def alias_permissions_as_sam_writes_them(output: dict, template: dict, parameters: dict) -> dict:
    """Undo event-role-alias-permission: put SAM's alias ARN back as the Resource, without the condition.

    Only a statement of exactly the shape samtransform writes for an alias target is
    rewritten, so any other change to an event role still fails the comparison.
    """
    context, _ = make_context(template, "us-east-1", parameters, Path.cwd())
    rewrites = []  # (samtransform's statement, SAM's statement)
    for logical_id, properties in _state_machines(copy.deepcopy(template)):
        if properties.get("UseAliasAsEventTarget") is True and properties.get("AutoPublishAlias"):
            name, errors = resolve((), logical_id, properties["AutoPublishAlias"], context)
            assert not errors, errors
            condition = {"StringEquals": {"states:StateMachineQualifier": properties["AutoPublishAlias"]}}
            start = {"Action": "states:StartExecution", "Effect": "Allow"}
            rewrites.append(({**start, "Resource": ref(logical_id), "Condition": condition},
                             {**start, "Resource": ref(alias_id(logical_id, name))}))
    output = copy.deepcopy(output)
    for resource in output.get("Resources", {}).values():
        if resource.get("Type") == "AWS::IAM::Role":
            for policy in resource["Properties"].get("Policies", []):
                statements = policy.get("PolicyDocument", {}).get("Statement") if isinstance(policy, dict) else None
                if isinstance(statements, list):
                    policy["PolicyDocument"]["Statement"] = [_as_sam_writes_it(statement, rewrites)
                                                             for statement in statements]
    return output


def _as_sam_writes_it(statement, rewrites: list):
    return next((sams for ours, sams in rewrites if statement == ours), statement)


def xray_policy_for_string_tracing(oracle_output: dict, template: dict, partition: str) -> dict:
    """SAM's output with the X-Ray policy samtransform adds for `Tracing: {Enabled: 'true'}`."""
    oracle_output = copy.deepcopy(oracle_output)
    arn = managed_policies(partition)[xray_policy_name(partition)]
    for logical_id, properties in _state_machines(copy.deepcopy(template)):
        tracing = properties.get("Tracing")
        enabled = tracing.get("Enabled") if isinstance(tracing, dict) else None
        if isinstance(enabled, str) and as_boolean(enabled) and not properties.get("Role"):
            arns = oracle_output["Resources"][f"{logical_id}Role"]["Properties"]["ManagedPolicyArns"]
            if arn not in arns:
                arns.append(arn)
    return oracle_output


# The S3 location `sam deploy` would upload a local definition file to, in these comparisons.
UPLOADED = {"Bucket": "uploaded-by-sam-deploy", "Key": "{}"}


def upload_substituted_definitions(template: dict, base_dir: Path) -> list[str]:
    """Give the oracle, for each local file that is JSON only after substitution, the S3
    location `sam deploy` would upload it to; returns those state machines."""
    context, _ = make_context(template, "us-east-1", {}, base_dir)
    uploaded = []
    for logical_id, properties in _state_machines(template):
        uri = properties.get("DefinitionUri")
        if isinstance(uri, str) and "://" not in uri:
            definition, errors = load_local_definition((), uri, context)
            if not errors and isinstance(definition, DefinitionText):
                properties["DefinitionUri"] = {"Bucket": UPLOADED["Bucket"], "Key": uri}
                uploaded.append(logical_id)
    return uploaded


def definitions_as_uploaded(output: dict, template: dict, uploaded: list[str]) -> dict:
    """samtransform's output with each inlined file's DefinitionString replaced by its upload location."""
    output = copy.deepcopy(output)
    for logical_id in uploaded:
        properties = output["Resources"][logical_id]["Properties"]
        uri = template["Resources"][logical_id]["Properties"]["DefinitionUri"]
        assert isinstance(properties.pop("DefinitionString"), str)
        properties["DefinitionS3Location"] = {"Bucket": UPLOADED["Bucket"], "Key": uri}
    return output


# Where `sam deploy` finds local artifacts other than state machine definitions:
# (resource type, property) whose string value is a path unless it is an s3:// URI.
LOCAL_ARTIFACTS = (("AWS::Serverless::Function", "CodeUri"), ("AWS::Serverless::LayerVersion", "ContentUri"),
                   ("AWS::Serverless::Api", "DefinitionUri"), ("AWS::Serverless::HttpApi", "DefinitionUri"),
                   ("AWS::Serverless::Application", "Location"))
GLOBAL_ARTIFACTS = (("Function", "CodeUri"), ("Api", "DefinitionUri"), ("HttpApi", "DefinitionUri"))


def upload_local_artifacts(template: dict) -> None:
    """Give each local artifact the S3 location `sam deploy` would upload it to (AWS SAM's translator
    reads only S3 locations); applied alike to both sides of a comparison."""
    artifacts = dict(LOCAL_ARTIFACTS)
    holders = [(resource.get("Properties"), artifacts[resource["Type"]])
               for resource in template.get("Resources", {}).values()
               if isinstance(resource, dict) and resource.get("Type") in artifacts]
    sections = template.get("Globals") if isinstance(template.get("Globals"), dict) else {}
    holders += [(sections.get(section), key) for section, key in GLOBAL_ARTIFACTS]
    for properties, key in holders:
        value = properties.get(key) if isinstance(properties, dict) else None
        if isinstance(value, str) and not value.startswith("s3://"):
            properties[key] = ({"Bucket": UPLOADED["Bucket"], "Key": value} if key != "Location"
                               else f"https://{UPLOADED['Bucket']}.s3.amazonaws.com/{value}")


# --------------------------------------------------------------------------- rollback-alarms

# The documented defaults, written out here rather than imported, so a change to them shows.
ROLLBACK_METRICS = ["ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted", "ExecutionThrottled"]


def _rollback_setting(metadata):
    if isinstance(metadata, dict) and isinstance(metadata.get("samtransform"), dict):
        return metadata["samtransform"].get("RollbackAlarms")
    return None


def rollback_alarm_ids(template: dict, logical_id: str) -> list[str]:
    """The alarms docs/expansion.md says a state machine gets: `<Id><Metric>Alarm` for each metric, when it
    has an alias and opts in (its own setting, else the template's)."""
    resource = template["Resources"][logical_id]
    if not resource.get("Properties", {}).get("AutoPublishAlias"):
        return []
    setting = _rollback_setting(resource.get("Metadata"))
    if setting is None:
        setting = _rollback_setting(template.get("Metadata"))
    if setting is None or setting is False:
        return []  # an empty mapping ({}) is the defaults, not off
    metrics = setting.get("Metrics", ROLLBACK_METRICS) if isinstance(setting, dict) else ROLLBACK_METRICS
    return [f"{logical_id}{metric}Alarm" for metric in metrics]


def without_samtransform_metadata(template: dict) -> None:
    """Give the oracle the template without samtransform's settings (it would keep them as they are)."""
    for holder in [template] + list(template.get("Resources", {}).values()):
        metadata = holder.get("Metadata") if isinstance(holder, dict) else None
        if isinstance(metadata, dict) and "samtransform" in metadata:
            del metadata["samtransform"]
            if not metadata:
                del holder["Metadata"]


def without_rollback_alarms(output: dict, template: dict) -> dict:
    """Undo rollback-alarms: drop the documented alarms, which must be there, and their !Ref in Alarms.

    A list that only the generated alarms filled goes away again, as it was in the input.
    """
    output = copy.deepcopy(output)
    generated = [alarm for logical_id, _ in _state_machines(copy.deepcopy(template))
                 for alarm in rollback_alarm_ids(template, logical_id)]
    for alarm in generated:
        assert output["Resources"].get(alarm, {}).get("Type") == "AWS::CloudWatch::Alarm", f"{alarm} is missing"
        del output["Resources"][alarm]
    refs = [ref(alarm) for alarm in generated]
    for resource in output["Resources"].values():
        if resource.get("Type") == "AWS::StepFunctions::StateMachineAlias":
            _drop_refs(resource["Properties"]["DeploymentPreference"], refs)
    return output


def _drop_refs(preference, refs: list) -> None:
    if is_fn_if(preference):
        for branch in preference["Fn::If"][1:]:
            _drop_refs(branch, refs)
    elif isinstance(preference.get("Alarms"), list):
        preference["Alarms"] = [entry for entry in preference["Alarms"] if entry not in refs]
        if not preference["Alarms"]:
            del preference["Alarms"]


ADAPT_INPUT: dict[str, Callable] = {}


# --------------------------------------------------------------------------- connector-metadata-type

# What AWS SAM's second stage sees instead of the Serverless resource samtransform expanded.
EXPANDED_TYPES = {"AWS::StepFunctions::StateMachine": STATE_MACHINE,
                  "AWS::ApiGateway::RestApi": "AWS::Serverless::Api"}


def connector_metadata_as_sam_writes_it(output: dict) -> dict:
    """The `aws:sam:connectors` metadata of the connectors' resources with the Serverless types AWS SAM
    writes for them when it expands the whole template (the policies themselves are the same)."""
    output = copy.deepcopy(output)
    for resource in output.get("Resources", {}).values():
        connectors = resource.get("Metadata", {}).get("aws:sam:connectors", {}) if isinstance(resource, dict) else {}
        for described in connectors.values():
            for end in ("Source", "Destination"):
                kind = described.get(end, {}).get("Type")
                if kind in EXPANDED_TYPES:
                    described[end]["Type"] = EXPANDED_TYPES[kind]
    return output
