"""Auth.UsagePlan of a REST API that samtransform builds -> a usage plan, an API key and the key's link to the plan.

Rules, as AWS SAM applies them:
- `CreateUsagePlan` is required: `NONE` makes nothing; `PER_API` makes `<Api>UsagePlan`
  (`ApiStages: [{ApiId: !Ref <Api>, Stage: !Ref <the API's Stage>}]`, DependsOn the API),
  `<Api>ApiKey` (`Enabled: true`, `StageKeys: [{RestApiId, StageName: !Ref <Stage>}]`,
  DependsOn the plan) and `<Api>UsagePlanKey` (`KeyType: API_KEY`, DependsOn the key),
  each with the API's Condition, DeletionPolicy and UpdateReplacePolicy;
- `SHARED` makes one `ServerlessUsagePlan`, `ServerlessApiKey` and `ServerlessUsagePlanKey`
  for every API that asks for it, in the order SAM translates the APIs: the plan's
  ApiStages, DependsOn and the key's StageKeys list them all; DeletionPolicy is Retain if
  any API retains, else the first API's; UpdateReplacePolicy Retain over Snapshot over Delete;
- `UsagePlanName`, `Description`, `Quota`, `Throttle` and `Tags` go on the plan when set;
  an API with `PropagateTags` and Tags gives its tags to the plan and the key instead;
- SAM's errors: a UsagePlan that is no mapping, an unknown key, no CreateUsagePlan or
  another value.
- a SHARED plan takes no Condition when any API that shares it has none.
Refused (api-settings-unsupported), rather than a wrong plan: `SHARED` when every API that
shares it has a Condition (SAM writes the condition's name as the body of
`SharedUsagePlanCondition`, which CloudFormation rejects, or, for several, an `Fn::Or` whose
order changes from run to run), and `SHARED` while another REST API of the template that
samtransform leaves to AWS SAM asks for it too (both would make `ServerlessUsagePlan`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import Problem
from ...core.intrinsics import ref
from ...core.logical_ids import (
    SHARED_API_KEY_ID, SHARED_USAGE_PLAN_ID, SHARED_USAGE_PLAN_KEY_ID, api_key_id, usage_plan_id, usage_plan_key_id)

SHARED_IDS = (SHARED_USAGE_PLAN_ID, SHARED_API_KEY_ID, SHARED_USAGE_PLAN_KEY_ID)
KEYS = ("CreateUsagePlan", "Description", "Quota", "Tags", "Throttle", "UsagePlanName")
KINDS = ["SHARED", "PER_API", "NONE"]  # SAM's order, in its message
PLAN_PROPERTIES = ("UsagePlanName", "Description", "Quota", "Tags", "Throttle")
NOT_A_MAP = "'UsagePlan' must be a dictionary"
UNKNOWN_KEY = "Invalid property for 'UsagePlan'"
REQUIRED = "'CreateUsagePlan' is a required field for UsagePlan."
BAD_KIND = f"'CreateUsagePlan' accepts one of {KINDS}."
SHARED_CONDITION = ("Auth.UsagePlan SHARED on APIs that all have a Condition is not built by samtransform "
                    "({event}): AWS SAM writes the condition's name as the body of SharedUsagePlanCondition, which "
                    "CloudFormation rejects (or, for several APIs, an Fn::Or whose order changes from run to run); use PER_API, or "
                    "leave these resources to AWS SAM")
SHARED_ELSEWHERE = ("Auth.UsagePlan SHARED is also asked for by the API {other}, which samtransform leaves to AWS SAM: "
                    "both would make ServerlessUsagePlan ({event}); use PER_API, or leave these resources to AWS SAM")


def kind(auth) -> str | None:
    """SHARED, PER_API or NONE, when the Auth asks for a usage plan."""
    plan = auth.get("UsagePlan") if isinstance(auth, dict) else None
    return plan.get("CreateUsagePlan") if isinstance(plan, dict) else None


def iter_errors(path: tuple, plan) -> Iterator[Problem]:
    """SAM's errors, the first one only (SAM stops there)."""
    if not isinstance(plan, dict):
        yield Problem(path, NOT_A_MAP)
    elif any(key not in KEYS for key in plan):
        yield Problem(path, UNKNOWN_KEY)
    elif plan.get("CreateUsagePlan") is None:
        yield Problem(path, REQUIRED)
    elif plan["CreateUsagePlan"] not in KINDS:
        yield Problem(path + ("CreateUsagePlan",), BAD_KIND)


def build(apis: list) -> dict:
    """API logical ID -> the usage plan resources to put beside it (a SHARED plan beside the last API that
    asks for it). `apis`: (API logical ID, its Stage's logical ID, Auth.UsagePlan, resource attributes,
    tags to propagate or None) for each API that asks for a plan, in the order SAM translates them."""
    made: dict = {}
    shared = [api for api in apis if api[2]["CreateUsagePlan"] == "SHARED"]
    for api_id, stage, plan, attributes, tags in apis:
        if plan["CreateUsagePlan"] == "PER_API":
            made[api_id] = _resources(usage_plan_id(api_id), api_key_id(api_id), usage_plan_key_id(api_id),
                                      [api_id], [(api_id, stage)], plan, attributes, tags)
    if shared:
        last = shared[-1]
        resources = _resources(SHARED_USAGE_PLAN_ID, SHARED_API_KEY_ID, SHARED_USAGE_PLAN_KEY_ID,
                               [api[0] for api in shared], [(api[0], api[1]) for api in shared], last[2],
                               _shared_attributes([api[3] for api in shared]), last[4])
        made[last[0]] = {**made.get(last[0], {}), **resources}
    return made


def _resources(plan_id: str, key_id: str, link_id: str, depends_on: list, stages: list, plan: dict,
               attributes: dict, tags) -> dict:
    properties: dict = {"ApiStages": [{"ApiId": ref(api_id), "Stage": ref(stage)} for api_id, stage in stages]}
    for key in PLAN_PROPERTIES:
        if plan.get(key):
            properties[key] = plan[key]
    key: dict = {"Enabled": True,
                 "StageKeys": [{"RestApiId": ref(api_id), "StageName": ref(stage)} for api_id, stage in stages]}
    if tags:
        properties["Tags"] = tags
        key["Tags"] = tags
    return {
        plan_id: {"Type": "AWS::ApiGateway::UsagePlan", "DependsOn": depends_on, **attributes,
                  "Properties": properties},
        key_id: {"Type": "AWS::ApiGateway::ApiKey", "DependsOn": [plan_id], **attributes, "Properties": key},
        link_id: {"Type": "AWS::ApiGateway::UsagePlanKey", "DependsOn": [key_id], **attributes,
                  "Properties": {"KeyId": ref(key_id), "KeyType": "API_KEY", "UsagePlanId": ref(plan_id)}},
    }


def _shared_attributes(attributes: list) -> dict:
    """SAM's combination of the APIs' DeletionPolicy and UpdateReplacePolicy (Conditions are refused)."""
    combined: dict = {}
    for each in attributes:
        deletion = each.get("DeletionPolicy")
        if deletion and (not combined.get("DeletionPolicy") or deletion == "Retain"):
            combined["DeletionPolicy"] = deletion
        replace = each.get("UpdateReplacePolicy")
        current = combined.get("UpdateReplacePolicy")
        if replace and (not current or replace == "Retain" or (replace == "Snapshot" and current == "Delete")):
            combined["UpdateReplacePolicy"] = replace
    return {key: combined[key] for key in ("DeletionPolicy", "UpdateReplacePolicy") if key in combined}
