"""Auth.ResourcePolicy -> the `x-amazon-apigateway-policy` statements of a REST API's body.

Rules, as AWS SAM applies them:
- on the API (or Globals.Api) the policy is added for every path of the body, with the
  API's StageName; on an Api event, for the event's path, with the stage of the event's
  permission (`Prod` on the implicit API, the API's StageName, `Stage` for an intrinsic
  one) for a function, and the event's own `Stage` for a state machine;
- each statement's `Resource` lists `execute-api:/${__Stage__}/<METHOD><path>` (an
  `Fn::Sub` with `__Stage__`) for every method of the path (ANY as `*`, `{name}` and
  `{name+}` as `*`), the methods the body has at that moment;
- `AwsAccountWhitelist` / `AwsAccountBlacklist` (accounts, a list or one value): an Allow /
  Deny statement with `Principal: {AWS: [...]}`; the first statement of a policy is kept
  as a mapping, not a list, until another is added;
- `IpRangeWhitelist` / `IpRangeBlacklist`: an Allow statement and a Deny statement on
  `aws:SourceIp` (`NotIpAddress` / `IpAddress`); `SourceVpcWhitelist` / `SourceVpcBlacklist`
  (strings; `vpc-` ones as `aws:SourceVpc`, `vpce-` ones as `aws:SourceVpce`) and
  `IntrinsicVpcWhitelist`, `IntrinsicVpceWhitelist`, `IntrinsicVpcBlacklist`,
  `IntrinsicVpceBlacklist` (any values): an Allow and a Deny on them (`StringNotEquals` /
  `StringEquals`); an Allow or Deny that is already there is not added again;
- `CustomStatements` (one statement or a list) are added last, each unless already there;
- `Version: 2012-10-17`; the policy is written even when nothing adds a statement;
- SAM's errors: a ResourcePolicy that is no mapping, accounts that are neither a list nor a
  mapping, SourceVpc lists holding anything but strings.
An unknown key, which SAM ignores, is a warning. Beyond SAM (null-values): a state machine
event's policy without `Stage` is an error (SAM writes a null stage, which CloudFormation rejects).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.problems import Problem
from ...core.py27_dict import Py2Dict, TemplateText, py2_dict
from . import tables
from .path_items import contents

BODY_KEY = "x-amazon-apigateway-policy"
VERSION = "2012-10-17"
ACTION = "execute-api:Invoke"
ACCOUNT_LISTS = (("AwsAccountWhitelist", "Allow"), ("AwsAccountBlacklist", "Deny"))
IP_LISTS = (("IpRangeWhitelist", "NotIpAddress"), ("IpRangeBlacklist", "IpAddress"))
# (string list, intrinsic VPC list, intrinsic VPCE list, condition operator), blacklist first as SAM adds them.
VPC_LISTS = (("SourceVpcBlacklist", "IntrinsicVpcBlacklist", "IntrinsicVpceBlacklist", "StringEquals"),
             ("SourceVpcWhitelist", "IntrinsicVpcWhitelist", "IntrinsicVpceWhitelist", "StringNotEquals"))
KEYS = ("AwsAccountWhitelist", "AwsAccountBlacklist", "IpRangeWhitelist", "IpRangeBlacklist", "SourceVpcWhitelist",
        "SourceVpcBlacklist", "IntrinsicVpcWhitelist", "IntrinsicVpceWhitelist", "IntrinsicVpcBlacklist",
        "IntrinsicVpceBlacklist", "CustomStatements")
GREEDY_PATH = re.compile(r"{([a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+\+|proxy\+)}")

NOT_A_MAP = "ResourcePolicy must be a map (ResourcePolicyStatement)."
ACCOUNTS_INVALID = "Type of '{value}' must be a list or dictionary"
VPC_NOT_STRINGS = ("{key} must be a list of strings. Use {intrinsic} instead for values that use Intrinsic "
                   "Functions")
UNKNOWN_KEY = "unknown key {key!r} in ResourcePolicy (AWS SAM ignores it); expected one of: " + ", ".join(KEYS)
NULL_STAGE = ("event {event!r} sets Auth.ResourcePolicy without Stage: AWS SAM writes a null stage into the "
              "policy of a state machine's event, which CloudFormation rejects; set the event's Stage to the API's "
              "stage name")


def iter_errors(path: tuple, policy) -> Iterator[Problem]:
    if not isinstance(policy, dict):
        yield Problem(path, NOT_A_MAP)
        return
    for key in policy:
        if key not in KEYS:
            yield Problem(path + (key,), UNKNOWN_KEY.format(key=key), severity="warning")
    for key, _ in ACCOUNT_LISTS:
        accounts = policy.get(key)
        if accounts and not isinstance(accounts, (dict, list)):
            yield Problem(path + (key,), ACCOUNTS_INVALID.format(value=accounts))
    for key, intrinsic, _, _ in VPC_LISTS:
        endpoints = policy.get(key)
        if endpoints is not None and not (isinstance(endpoints, list) and all(isinstance(entry, str)
                                                                              for entry in endpoints)):
            yield Problem(path + (key,), VPC_NOT_STRINGS.format(key=key, intrinsic=intrinsic))


def add(body: Py2Dict, policy: Py2Dict, path: str, stage) -> None:
    """The statements `policy` (as SAM holds it) makes for one path, into the body (in place)."""
    document = body.get(BODY_KEY) or Py2Dict()
    for key, effect in ACCOUNT_LISTS:
        if policy.get(key) is not None:
            _add_accounts(document, policy[key], effect, _resources(body, path, stage))
    for key, operator in IP_LISTS:
        if policy.get(key) is not None:
            _add_ip_ranges(document, policy[key], operator, _resources(body, path, stage))
    resources = _resources(body, path, stage)
    for strings, vpcs, vpces, operator in VPC_LISTS:
        _add_endpoints(document, policy.get(strings), policy.get(vpcs), policy.get(vpces), operator, resources)
    body[BODY_KEY] = document


def add_custom_statements(body: Py2Dict, statements) -> None:
    if statements is None:
        return
    document = body.get(BODY_KEY) or Py2Dict()
    document["Version"] = VERSION
    if document.get("Statement") is None:
        document["Statement"] = statements
    else:
        existing = _as_list(document["Statement"])
        for statement in _as_list(statements):
            if statement not in existing:
                existing.append(statement)
        document["Statement"] = existing
    body[BODY_KEY] = document


def _resources(body: Py2Dict, path: str, stage) -> list:
    """`execute-api:/${__Stage__}/<METHOD><path>` for every key of the path item, as SAM lists them."""
    methods = [method for item in contents(body["paths"].get(path)) for method in item]
    bare = GREEDY_PATH.sub("*", path)
    bare = TemplateText(bare) if isinstance(path, TemplateText) else bare
    resources = []
    for method in methods:
        if method.lower() in (tables.ANY_METHOD, "any"):
            name = "*"
        else:  # SAM's upper() keeps template text template text
            name = TemplateText(method.upper()) if isinstance(method, TemplateText) else method.upper()
        text = "execute-api:/${__Stage__}/" + name + bare
        if isinstance(name, TemplateText) or isinstance(bare, TemplateText):
            text = TemplateText(text)
        resources.append({"Fn::Sub": [text, {"__Stage__": stage}]})
    return resources


def _add_statement(document: Py2Dict, statement: Py2Dict) -> None:
    """The first statement stays a mapping; later ones make a list."""
    if document.get("Statement") is None:
        document["Statement"] = statement
    else:
        document["Statement"] = _as_list(document["Statement"]) + [statement]


def _add_pair(document: Py2Dict, allow: Py2Dict, deny: Py2Dict) -> None:
    if document.get("Statement") is None:
        document["Statement"] = [allow, deny]
        return
    statements = _as_list(document["Statement"])
    for statement in (allow, deny):
        if statement not in statements:
            statements.append(statement)
    document["Statement"] = statements


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _statement(effect: str, resources: list, principal) -> Py2Dict:
    return py2_dict(("Effect", effect), ("Action", ACTION), ("Resource", resources), ("Principal", principal))


def _add_accounts(document: Py2Dict, accounts, effect: str, resources: list) -> None:
    if not accounts:
        return
    document["Version"] = VERSION
    _add_statement(document, _statement(effect, resources, py2_dict(("AWS", _as_list(accounts)))))


def _add_ip_ranges(document: Py2Dict, ranges, operator: str, resources: list) -> None:
    if not ranges:
        return
    document["Version"] = VERSION
    deny = _statement("Deny", resources, "*")
    deny["Condition"] = {operator: {"aws:SourceIp": _as_list(ranges)}}
    _add_pair(document, _statement("Allow", resources, "*"), deny)


def _add_endpoints(document: Py2Dict, strings, vpcs, vpces, operator: str, resources: list) -> None:
    condition = Py2Dict()
    if strings is not None:
        found_vpcs = [entry for entry in strings if re.match(r"^vpc-", entry)]
        found_vpces = [entry for entry in strings if re.match(r"^vpce-", entry)]
        if found_vpcs:
            condition.setdefault("aws:SourceVpc", []).extend(found_vpcs)
        if found_vpces:
            condition.setdefault("aws:SourceVpce", []).extend(found_vpces)
    if vpcs is not None:
        condition.setdefault("aws:SourceVpc", []).extend(vpcs)
    if vpces is not None:
        condition.setdefault("aws:SourceVpce", []).extend(vpces)
    if not condition.get("aws:SourceVpc") and not condition.get("aws:SourceVpce"):
        return
    document["Version"] = VERSION
    deny = _statement("Deny", resources, "*")
    deny["Condition"] = {operator: condition}
    _add_pair(document, _statement("Allow", resources, "*"), deny)
