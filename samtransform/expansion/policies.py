"""Policies, RolePath, PermissionsBoundary (and Tracing's X-Ray policy) -> the generated `<Id>Role`.

Rules, as AWS SAM applies them:
- `Role` and `Policies` together is an error; with neither, the role has no policies;
- Policies is one entry or a list. An entry is, in this order of recognition:
  a string (managed policy name or ARN), an `Fn::If` (typed by its branches, where
  `!Ref AWS::NoValue` takes the other branch's type), another intrinsic (treated as
  an ARN), a mapping with `Statement` (an inline policy document), or a one-key
  mapping naming a SAM policy template;
- managed policy names become ARNs from the partition's table, and repeated ARNs are
  dropped; documents become `<Id>RolePolicy<index>`, where index counts every entry;
- policy templates substitute their parameters' `Ref`s with the given values; a template
  without a value for each parameter is an error in SAM's words, and a parameter the
  template does not have is dropped, as SAM drops it, with a warning (samtransform.models.sam);
  a one-key mapping naming no template is SAM's error, with the closest template's name;
- `Tracing: {Enabled: true}` adds the partition's X-Ray write policy; beyond SAM, so does
  `Enabled: 'true'`, which CloudFormation converts and so enables tracing.
Beyond SAM: a name that is neither in the table nor an ARN (nor holds a dynamic reference,
`{{resolve:ssm:...}}`, which CloudFormation resolves) is an error (SAM, offline, would
emit the bare name, which CloudFormation rejects).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.context import Context
from ..core.conversions import as_boolean
from ..core.problems import Problem
from ..core.intrinsics import get_att, has_dynamic_reference, is_fn_if, is_intrinsic, is_no_value
from ..core.logical_ids import role_id, role_policy_name
from ..models.sam import ignored_parameters, missing_parameters, unknown_template
from ..core.tables import has_managed_policy_table, managed_policies, policy_templates
from .provenance import copied, derived, record, record_copies
from .tags import tag_sources

# SAM property -> the generated role's property, copied as given.
ROLE_COPIES = (("RolePath", "Path"), ("PermissionsBoundary", "PermissionsBoundary"))
ROLE_AND_POLICIES_MESSAGE = "Specify either 'Role' or 'Policies' (but not both at the same time) or neither of them"
MIXED_IF_MESSAGE = ("Different policy types within the same Fn::If statement is unsupported. "
                    "Separate different policy types into different Fn::If statements")
STATES_ASSUME_ROLE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Action": ["sts:AssumeRole"], "Effect": "Allow", "Principal": {"Service": ["states.amazonaws.com"]}}
    ],
}
MANAGED, DOCUMENT, TEMPLATE, UNKNOWN = "managed", "document", "template", "unknown"


def xray_policy_name(partition: str) -> str:
    # The commercial partition keeps the older policy name, as SAM does.
    return "AWSXrayWriteOnlyAccess" if partition == "aws" else "AWSXRayDaemonWriteAccess"


def entries(properties: dict) -> list:
    policies = properties.get("Policies")
    if not policies:
        return []
    return policies if isinstance(policies, list) else [policies]


def with_tracing(properties: dict, context: Context) -> list:
    """The policies the role gets: the user's, then X-Ray's when tracing is literally on."""
    policies = entries(properties)
    tracing = properties.get("Tracing")
    # 'true' too: CloudFormation converts it and enables tracing, which needs the policy
    # (AWS SAM adds it only for the boolean; see tracing-enabled-string in docs/differences.md).
    if isinstance(tracing, dict) and as_boolean(tracing.get("Enabled")) is True:
        policies = policies + [xray_policy_name(context.partition)]
    return policies


# --------------------------------------------------------------------------- checks

class _MixedIf(Exception):
    pass


def kind_of(entry) -> str:
    if isinstance(entry, str):
        return MANAGED
    if is_fn_if(entry):
        arguments = entry["Fn::If"]
        if not isinstance(arguments, list) or len(arguments) != 3:
            raise ValueError("Fn::If requires 3 arguments")
        first, second = kind_of(arguments[1]), kind_of(arguments[2])
        if first == second:
            return first
        if is_no_value(arguments[1]):
            return second
        if is_no_value(arguments[2]):
            return first
        raise _MixedIf()
    if is_intrinsic(entry):
        return MANAGED
    if isinstance(entry, dict) and "Statement" in entry:
        return DOCUMENT
    if isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in policy_templates():
        return TEMPLATE
    return UNKNOWN


def iter_errors(path: tuple, properties: dict, context: Context) -> Iterator[Problem]:
    if properties.get("Role") and properties.get("Policies"):
        yield Problem(path, ROLE_AND_POLICIES_MESSAGE)
        return
    if properties.get("Role"):
        return
    policies_path = path + ("Policies",)
    listed = isinstance(properties.get("Policies"), list)
    for index, entry in enumerate(entries(properties)):
        entry_path = policies_path + (index,) if listed else policies_path
        yield from _entry_errors(entry_path, index, entry, context)
    if len(with_tracing(properties, context)) > len(entries(properties)):
        xray = xray_policy_name(context.partition)
        if _managed_policy_arn(xray, context.partition) is None:
            yield Problem(path + ("Tracing", "Enabled"), _unknown_policy_message(xray, context.partition))


def _entry_errors(path: tuple, index: int, entry, context: Context) -> Iterator[Problem]:
    try:
        kind = kind_of(entry)
    except _MixedIf:
        yield Problem(path, MIXED_IF_MESSAGE)
        return
    except ValueError as problem:
        yield Problem(path, str(problem))
        return
    if kind == UNKNOWN:
        yield Problem(path, f"Policy at index {index} in the 'Policies' property is not valid"
                                   f"{_template_hint(entry)}")
    elif kind == TEMPLATE:
        for branch_path, template in _branches(path, entry):
            yield from _template_errors(branch_path, template)
    elif kind == MANAGED:
        for branch_path, name in _branches(path, entry):
            if isinstance(name, str) and _managed_policy_arn(name, context.partition) is None:
                yield Problem(branch_path, _unknown_policy_message(name, context.partition))


def _branches(path: tuple, entry) -> Iterator[tuple]:
    """The entry itself, or the direct non-NoValue branches of an Fn::If (as SAM converts them)."""
    if not is_fn_if(entry):
        yield path, entry
        return
    for position in (1, 2):
        branch = entry["Fn::If"][position]
        if not is_no_value(branch):
            yield path + ("Fn::If", position), branch


def _template_errors(path: tuple, template: dict) -> Iterator[Problem]:
    name, values = next(iter(template.items()))
    if not isinstance(values, dict):
        yield Problem(path + (name,), f"Must specify valid parameter values for policy template '{name}'")
        return
    for relative, message in missing_parameters(name, values):
        yield Problem(path + relative, message)
    for relative, message in ignored_parameters(name, values):
        yield Problem(path + relative, message, severity="warning")


def _template_hint(entry) -> str:
    """After SAM's words for an entry it does not recognise: the policy template a one-key mapping likely meant."""
    if not (isinstance(entry, dict) and len(entry) == 1):
        return ""
    name = next(iter(entry))
    suggestion = unknown_template(name)
    return f": {name!r} is not an AWS SAM policy template, did you mean {suggestion!r}?" if suggestion else ""


def _managed_policy_arn(name: str, partition: str) -> str | None:
    arn = managed_policies(partition).get(name)
    if arn:
        return arn
    # A dynamic reference is resolved by CloudFormation at deploy time, to an ARN presumably;
    # AWS SAM, finding no such managed policy name, copies it too.
    return name if name.startswith("arn:") or has_dynamic_reference(name) else None


def _unknown_policy_message(name: str, partition: str) -> str:
    if not has_managed_policy_table(partition):
        return (f"{name!r} is not an ARN, and samtransform has no managed policy table for partition "
                f"{partition!r}; give the policy's ARN")
    return (f"{name!r} is neither an AWS managed policy known in partition {partition!r} nor an ARN; "
            "give the policy's ARN")


# --------------------------------------------------------------------------- building

def build_role(logical_id: str, properties: dict, context: Context, attributes: dict, tags: list,
               sources: dict | None = None) -> dict:
    """The `<Id>Role` resource. Assumes `iter_errors` found nothing. Where each value came from
    goes into `sources` (provenance.py): a policy from its Policies entry, the X-Ray policy from Tracing."""
    managed_arns: list = []
    documents: list = []
    name = role_id(logical_id)
    path = ("Resources", logical_id, "Properties")
    given = properties.get("Policies")
    for index, entry in enumerate(with_tracing(properties, context)):
        origin = path + ("Tracing",) if index >= len(entries(properties)) else \
            path + ("Policies", index) if isinstance(given, list) else path + ("Policies",)
        kind = kind_of(entry)
        as_written = kind == DOCUMENT
        if kind == TEMPLATE:
            entry = _expand_template_entry(entry)
            kind = DOCUMENT
        if kind == DOCUMENT:
            record(sources, name, ("Policies", len(documents)), derived(origin))
            if as_written:  # the user's own statement document, as given
                record(sources, name, ("Policies", len(documents), "PolicyDocument"), copied(origin))
            documents.append(_document(entry, role_policy_name(name, index)))
        else:
            arn = _managed_entry(entry, context.partition)
            if arn not in managed_arns:
                record(sources, name, ("ManagedPolicyArns", len(managed_arns)), derived(origin))
                managed_arns.append(arn)
    role_properties: dict = {"AssumeRolePolicyDocument": STATES_ASSUME_ROLE_POLICY, "ManagedPolicyArns": managed_arns}
    if documents:
        role_properties["Policies"] = documents
    for source, target in ROLE_COPIES:
        if properties.get(source) is not None:
            role_properties[target] = properties[source]
    role_properties["Tags"] = tags
    record_copies(sources, name, ROLE_COPIES, path, properties)
    for tag_path, source in tag_sources(path, properties):
        record(sources, name, tag_path, source)
    return {"Type": "AWS::IAM::Role", **attributes, "Properties": role_properties}


def role_arn(logical_id: str) -> dict:
    return get_att(role_id(logical_id), "Arn")


def _map_branches(entry, convert):
    """Apply `convert` to an entry, or to the direct non-NoValue branches of its Fn::If."""
    if not is_fn_if(entry):
        return convert(entry)
    condition, if_true, if_false = entry["Fn::If"]
    return {"Fn::If": [
        condition,
        if_true if is_no_value(if_true) else convert(if_true),
        if_false if is_no_value(if_false) else convert(if_false),
    ]}


def _expand_template_entry(entry):
    return _map_branches(entry, _expand_template)


def _expand_template(template: dict) -> dict:
    name, values = next(iter(template.items()))
    known = policy_templates()[name]
    parameters = {parameter: values[parameter] for parameter in known["Parameters"]}
    return _fill(known["Definition"], parameters)


def _fill(node, parameters: dict):
    """Replace `{"Ref": <template parameter>}` with its value; values are not searched again."""
    if type(node) is dict:
        if len(node) == 1 and isinstance(node.get("Ref"), str) and node["Ref"] in parameters:
            return parameters[node["Ref"]]
        return {key: _fill(value, parameters) for key, value in node.items()}
    if type(node) is list:
        return [_fill(item, parameters) for item in node]
    return node


def _document(entry, policy_name: str):
    return _map_branches(entry, lambda document: {"PolicyName": policy_name, "PolicyDocument": document})


def _managed_entry(entry, partition: str):
    if isinstance(entry, str):
        return _managed_policy_arn(entry, partition)
    if is_fn_if(entry):
        return _map_branches(entry, lambda branch: _managed_policy_arn(branch, partition)
                             if isinstance(branch, str) else branch)
    return entry
