"""References to what AWS SAM builds for an API: `!Ref <Api>.Stage` and the like -> the generated logical IDs.

Rules, as AWS SAM resolves them anywhere in the template once it has translated it:
- `<Api>.Stage`, `<Api>.Deployment`, `<Api>.UsagePlan`, `<Api>.ApiKey` and
  `<Api>.UsagePlanKey` name the resource of that kind the API made (a SHARED usage plan
  is each sharing API's);
- `{Ref: "<Api>.<Property>"}` becomes `{Ref: <id>}`; `{Fn::GetAtt: ["<Api>.<Property>",
  ...]}` becomes `{Fn::GetAtt: [<id>, ...]}` (also split as the AWS CLI writes it,
  `["<Api>", "<Property>.<Attr>"]`); in an Fn::Sub string (or the string of the list form)
  `${<Api>.<Property>}` becomes `${<id>}`, keeping any `.<Attr>` after it;
- any other reference is left as it is.
samtransform replaces an API it builds with plain CloudFormation, so it resolves these
itself: CloudFormation's SAM transform, running on the output, no longer knows the API.
"""

from __future__ import annotations

import re

# SAM's property -> the type of the generated resource it names.
REFERABLE = {
    "Stage": "AWS::ApiGateway::Stage",
    "Deployment": "AWS::ApiGateway::Deployment",
    "UsagePlan": "AWS::ApiGateway::UsagePlan",
    "UsagePlanKey": "AWS::ApiGateway::UsagePlanKey",
    "ApiKey": "AWS::ApiGateway::ApiKey",
}
SUB_REFERENCE = re.compile(r"\$\{([A-Za-z0-9\.]+|AWS::[A-Z][A-Za-z]*)\}")


def targets(api_id: str, resources: dict) -> dict:
    """`<Api>.<Property>` -> the logical ID it names, from the resources made for the API."""
    found = {}
    for logical_id, resource in resources.items():
        for name, kind in REFERABLE.items():
            if resource.get("Type") == kind and f"{api_id}.{name}" not in found:
                found[f"{api_id}.{name}"] = logical_id
    return found


def rewrite(value, known: dict):
    """`value` with every reference of `known` resolved (a new value where something changes)."""
    if isinstance(value, dict):
        if len(value) == 1:
            key, argument = next(iter(value.items()))
            if key == "Ref" and isinstance(argument, str) and argument in known:
                return {"Ref": known[argument]}
            if key == "Fn::GetAtt":
                resolved = _get_att(argument, known)
                if resolved is not None:
                    return {"Fn::GetAtt": resolved}
            if key == "Fn::Sub":
                return {"Fn::Sub": _sub(argument, known)}
        changed = {key: rewrite(item, known) for key, item in value.items()}
        return value if all(changed[key] is value[key] for key in value) else changed
    if isinstance(value, list):
        changed_list = [rewrite(item, known) for item in value]
        return value if all(new is old for new, old in zip(changed_list, value)) else changed_list
    return value


def _get_att(argument, known: dict):
    if not (isinstance(argument, list) and len(argument) >= 2 and all(isinstance(part, str) for part in argument)):
        return None
    parts = ".".join(argument).split(".")
    name = ".".join(parts[:2])
    return [known[name], *parts[2:]] if name in known else None


def _sub(argument, known: dict):
    if isinstance(argument, str):
        return _substitute(argument, known)
    if isinstance(argument, list) and argument and isinstance(argument[0], str):
        return [_substitute(argument[0], known)] + [rewrite(item, known) for item in argument[1:]]
    return rewrite(argument, known)


def _substitute(text: str, known: dict) -> str:
    def replace(match):
        parts = match.group(1).split(".")
        name = ".".join(parts[:2])
        if len(parts) < 2 or name not in known:
            return match.group(0)
        return "${" + match.group(1).replace(name, known[name], 1) + "}"

    return SUB_REFERENCE.sub(replace, text)
