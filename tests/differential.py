"""Compare samtransform with AWS SAM's translator on one template, allowing only listed differences."""

from __future__ import annotations

import copy
from pathlib import Path

from differences import (
    DIFFERENCES,
    connector_metadata_as_sam_writes_it,
    upload_local_artifacts,
    alias_permissions_as_sam_writes_them,
    condition_assignments,
    definitions_as_uploaded,
    inline_local_definitions,
    resolve_alias_names,
    resolve_alias_names_in_output,
    resolve_preference_ifs_in_input,
    resolve_preference_ifs_in_output,
    upload_substituted_definitions,
    without_rollback_alarms,
    without_samtransform_metadata,
    without_serverless,
    xray_policy_for_string_tracing,
)
from oracle import OracleError, translate

from samtransform import InvalidTemplateError
from samtransform.expansion import expand
from samtransform.core.partitions import partition_of


def check_against_oracle(template: dict, *, region: str, parameters: dict | None = None,
                         base_dir: Path | None = None, differences: tuple = ()) -> str:
    """Assert samtransform and SAM agree up to `differences`. Returns "expanded" or "rejected"."""
    unknown = set(differences) - set(DIFFERENCES)
    assert not unknown, f"differences not in the table: {unknown}"
    parameters = parameters or {}
    try:
        ours = expand(template, region=region, parameters=parameters, base_dir=base_dir)
    except InvalidTemplateError as failure:
        _check_rejection(template, region, parameters, differences, failure)
        return "rejected"
    ours, oracle_input = _as_compared(template, ours, parameters, base_dir, differences)
    for assignment, mine, theirs in _per_condition(template, ours, oracle_input, region, parameters, differences):
        if "other-serverless-resources-kept" in differences:
            mine, theirs = without_serverless(mine, theirs)
        if "other-transforms-kept" in differences:
            mine = {key: value for key, value in mine.items() if key != "Transform"}
        assert_same(mine, theirs, assignment)
    return "expanded"


def _as_compared(template: dict, ours: dict, parameters: dict, base_dir: Path | None,
                 differences: tuple) -> tuple[dict, dict]:
    """samtransform's output and the template AWS SAM is given, each with the documented differences
    that `differences` names taken out, so that what is left must be equal."""
    if "event-role-alias-permission" in differences:
        ours = alias_permissions_as_sam_writes_them(ours, template, parameters)
    oracle_input = copy.deepcopy(template)
    if "local-definition-substituted" in differences:
        uploaded = upload_substituted_definitions(oracle_input, base_dir or Path.cwd())
        ours = definitions_as_uploaded(ours, template, uploaded)
    if "rollback-alarms" in differences:
        without_samtransform_metadata(oracle_input)
        ours = without_rollback_alarms(ours, template)
    if "local-definition-uri" in differences:
        inline_local_definitions(oracle_input, base_dir or Path.cwd())
    if "alias-from-parameter" in differences:
        resolve_alias_names(oracle_input, parameters)
        ours = resolve_alias_names_in_output(ours, template, parameters)
    return ours, oracle_input


def _per_condition(template: dict, ours: dict, oracle_input: dict, region: str, parameters: dict,
                   differences: tuple):
    """(assignment, samtransform's output, AWS SAM's output) for each assignment of the conditions of a
    DeploymentPreference's Fn::If (`deployment-preference-if`), else once with none."""
    assignments = condition_assignments(oracle_input) if "deployment-preference-if" in differences else [{}]
    for assignment in assignments:
        chosen_input = copy.deepcopy(oracle_input)
        mine = ours
        if assignment:
            resolve_preference_ifs_in_input(chosen_input, assignment)
            mine = resolve_preference_ifs_in_output(ours, assignment)
        theirs = translate(chosen_input, region, parameters)
        if "tracing-enabled-string" in differences:
            theirs = xray_policy_for_string_tracing(theirs, template, partition_of(region))
        yield assignment, mine, theirs


def _check_rejection(template, region, parameters, differences, failure) -> None:
    rejecting = [name for name in differences if DIFFERENCES[name].kind == "reject"]
    try:
        translate(template, region, parameters)
    except OracleError:
        assert not rejecting, f"SAM rejects this too, so {rejecting} is no longer a difference"
        return
    assert rejecting, ("samtransform rejects what SAM accepts, and no difference says why:\n"
                       + "\n".join(str(error) for error in failure.errors))


def assert_same(ours: dict, theirs: dict, assignment: dict) -> None:
    if ours == theirs:
        return
    lines = [f"outputs differ (conditions {assignment})"]
    for key in sorted(set(ours.get("Resources", {})) | set(theirs.get("Resources", {}))):
        if ours.get("Resources", {}).get(key) != theirs.get("Resources", {}).get(key):
            lines.append(f"  Resources/{key}:\n    ours: {ours['Resources'].get(key)}\n"
                         f"    sam:  {theirs['Resources'].get(key)}")
    for key in sorted((set(ours) | set(theirs)) - {"Resources"}):
        if ours.get(key) != theirs.get(key):
            lines.append(f"  {key}: ours {ours.get(key)!r}, sam {theirs.get(key)!r}")
    raise AssertionError("\n".join(lines))


def check_two_stage(template: dict, *, region: str, parameters: dict | None = None, base_dir: Path | None = None,
                    differences: tuple = ()) -> str:
    """The correctness criterion of a partial expansion: AWS SAM's translator on samtransform's output gives,
    resource for resource, what it gives on the template itself (up to `differences`).

    samtransform leaves other Serverless resources to CloudFormation's SAM transform, so
    only the second stage shows whether what it left is still complete and not built twice.
    Local artifacts (a function's CodeUri, ...) are given to both stages as `sam deploy` would
    upload them. Returns "expanded", or "rejected" when samtransform refuses the template
    (the one-stage comparison checks that refusal).
    """
    unknown = set(differences) - set(DIFFERENCES)
    assert not unknown, f"differences not in the table: {unknown}"
    parameters = parameters or {}
    try:
        ours = expand(template, region=region, parameters=parameters, base_dir=base_dir)
    except InvalidTemplateError:
        return "rejected"
    ours, oracle_input = _as_compared(template, ours, parameters, base_dir, differences)
    upload_local_artifacts(oracle_input)
    ours = copy.deepcopy(ours)
    upload_local_artifacts(ours)
    for assignment, mine, theirs in _per_condition(template, ours, oracle_input, region, parameters, differences):
        second = translate(mine, region, parameters)
        if "connector-metadata-type" in differences:
            second = connector_metadata_as_sam_writes_it(second)
        assert_same(second, theirs, assignment)
    return "expanded"
