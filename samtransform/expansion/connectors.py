"""Connectors (a resource attribute of the state machine) -> `AWS::IAM::ManagedPolicy` on its role.

Rules, as AWS SAM applies them when the source is a state machine:
- each entry `<Name>` becomes a connector `<Id><Name>` with the state machine as its source;
  it must not name an existing resource;
- `Properties` takes `Destination` and `Permissions` (both required) and `SourceReference`
  (only a `Qualifier`; a state machine's profiles never use it);
- `Destination` is a mapping, or a list of them; each is `{Id: <resource>}` (with an optional
  `Qualifier`), or `{Type: ..., Arn: ..., Name: ...}` without `Id`. A Serverless type stands
  for the CloudFormation type it becomes;
- the destination type chooses a profile (data/connector_profiles.json, generated from AWS
  SAM's): `Permissions` must be some of its access categories (Read, Write), in one of its
  valid combinations; the statements of the chosen categories, in the profile's order, with
  the destination's ARN and name filled in, make the policy document;
- the policy is `<Id><Name>Policy` (`<Id><Name>PolicyDestination<i>` for a list), attached to
  the state machine's role (`!Ref <Id>Role`, or the resource the `Role` intrinsic names);
  it takes the connector's own `DependsOn`, `Condition`, `DeletionPolicy`, `UpdatePolicy`,
  `UpdateReplacePolicy` and `Metadata` (plus `aws:sam:connectors`), not the state machine's;
- a profile that must exist before its source (a state machine destination) is added to
  the state machine's `DependsOn`; a `DependsOn` naming `<Id><Name>` anywhere in the template
  names the generated policies instead.
Beyond SAM: an unknown key beside `Properties` (which SAM ignores) is a warning.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterator

from ..core.problems import Problem
from ..core.logical_ids import connector_policy_id, is_valid, role_id
from ..core.suggestions import did_you_mean
from ..core.tables import connector_profiles

SOURCE_TYPE = "AWS::Serverless::StateMachine"
# What a Serverless resource becomes, as connectors see it (the logical ID stays the same).
SERVERLESS_TO_CLOUDFORMATION = {
    "AWS::Serverless::Function": "AWS::Lambda::Function",
    "AWS::Serverless::StateMachine": "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::Api": "AWS::ApiGateway::RestApi",
    "AWS::Serverless::HttpApi": "AWS::ApiGatewayV2::Api",
    "AWS::Serverless::SimpleTable": "AWS::DynamoDB::Table",
}
CONNECTOR_ATTRIBUTES = ("DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy", "Metadata")
CONNECTOR_KEYS = frozenset({"Properties", "DependsOn", *CONNECTOR_ATTRIBUTES})
PROPERTIES = ("Destination", "Permissions", "SourceReference")
_VARIABLE = re.compile(r"%\{[\w.]+\}")
_SUB_PLACEHOLDER = re.compile(r"\$\{.+\}")


Connected = namedtuple("Connected", "policies source_depends_on replacements problems")


def connect(logical_id: str, resource: dict, properties: dict, resources: dict,
           rank: dict[str, int] | None = None) -> Connected:
    """The generated policies, the ones the state machine must depend on, the policies that
    replace each connector's ID in a `DependsOn`, and the problems.

    `resources` is where a destination `Id` is looked up: the template's resources, and
    what this state machine generates. `rank` is SAM's order of translating connectors
    (`translation_order`), which decides the order of the policies in `DependsOn`."""
    connectors = resource.get("Connectors")
    path = ("Resources", logical_id, "Connectors")
    if not isinstance(connectors, dict):
        return Connected({}, [], {}, [Problem(path, f"Resource with id [{logical_id}] is invalid. "
                                                           "Type of property 'Connectors' is invalid.")])
    generated: dict = {}
    source_depends_on: list[str] = []
    replacements: dict[str, list[str]] = {}
    problems: list[Problem] = []
    names = sorted(connectors, key=lambda name: (rank or {}).get(logical_id + str(name), 0))  # a stable sort
    for name in names:
        connector = connectors[name]
        built, depends, found = _connector(logical_id, str(name), connector, properties, resources, path + (name,))
        problems += found
        if not any(problem.severity == "error" for problem in found):
            generated.update(built)
            source_depends_on += depends
            replacements[logical_id + str(name)] = list(built)
    return Connected(generated, source_depends_on, replacements, problems)


def _connector(logical_id: str, name: str, connector, properties: dict, resources: dict,
               path: tuple) -> tuple[dict, list[str], list[Problem]]:
    connector_id = logical_id + name
    frame = list(_frame_problems(logical_id, connector_id, connector, resources, path))
    if any(problem.severity == "error" for problem in frame):
        return {}, [], frame
    settings = connector["Properties"]
    role = _source_role(logical_id, properties)
    if role is None:
        return {}, [], frame + [_invalid(path, connector_id, "Unable to get IAM role name from 'Source' resource.")]
    source = _outputs(connector_profiles()["source_type"], logical_id)
    destinations = settings["Destination"]
    several = isinstance(destinations, list)
    generated: dict = {}
    depends: list[str] = []
    problems = list(frame)
    for index, destination in enumerate(destinations if several else [destinations]):
        policy_id = connector_policy_id(connector_id, index if several else None)
        destination_path = path + ("Properties", "Destination") + ((index,) if several else ())
        policy, depended_by_source, errors = _policy(connector_id, connector, destination, role, source,
                                                     resources, destination_path, path)
        problems += errors
        if policy is not None:
            generated[policy_id] = policy
            if depended_by_source:
                depends.append(policy_id)
    return generated, depends, problems


def _frame_problems(logical_id: str, connector_id: str, connector, resources: dict,
                    path: tuple) -> Iterator[Problem]:
    if not is_valid(connector_id):
        yield Problem(path, f"logical ID {connector_id!r} must be alphanumeric (A-Z, a-z, 0-9)")
        return
    if connector_id in resources:
        yield Problem(path, (
            f"Transforming resource with id [{logical_id}] attempts to create a new resource with id "
            f"[{connector_id}] and type \"AWS::Serverless::Connector\". A resource with that id already exists "
            "within this template. Please use a different id for that resource."))
        return
    if not isinstance(connector, dict):
        yield Problem(path, f"{logical_id}.{connector_id} should be a map.")
        return
    for key in connector:
        if key not in CONNECTOR_KEYS:
            yield _unknown_key_warning(path + (key,), key)
    settings = connector.get("Properties")
    if not isinstance(settings, dict):
        yield Problem(path + ("Properties",), f"Resource with id [{logical_id}] is invalid. "
                                                     f"Attribute 'Connectors.{path[-1]}.Properties' should be a map.")
        return
    yield from _settings_problems(connector_id, settings, path)


def _unknown_key_warning(path: tuple, key) -> Problem:
    # A warning, not an error: the template deploys (AWS SAM ignores the key), but a
    # misspelt `Condtion` silently creates the policy in every stack.
    close = did_you_mean(str(key), CONNECTOR_KEYS)
    hint = f"did you mean {close!r}? " if close else ""
    return Problem(path, f"unknown connector key {key!r} is ignored, as AWS SAM ignores it; {hint}a connector "
                                f"takes Properties, DependsOn, {', '.join(CONNECTOR_ATTRIBUTES)}", severity="warning")


def _settings_problems(connector_id: str, settings: dict, path: tuple) -> Iterator[Problem]:
    for key in settings:
        if key not in PROPERTIES:
            yield _invalid(path + ("Properties", key), connector_id,
                           f"property {key} not defined for resource of type AWS::Serverless::Connector")
    for required in ("Destination", "Permissions"):
        if required not in settings:
            yield _invalid(path + ("Properties",), connector_id, f"Missing required property '{required}'.")
    destination = settings.get("Destination")
    if "Destination" in settings and not (isinstance(destination, dict) or (
            isinstance(destination, list) and all(isinstance(item, dict) for item in destination))):
        yield _invalid(path + ("Properties", "Destination"), connector_id, "Type of property 'Destination' is invalid.")
    elif destination == []:
        yield _invalid(path + ("Properties", "Destination"), connector_id, "'Destination' is an empty list")
    permissions = settings.get("Permissions")
    if "Permissions" in settings and not (isinstance(permissions, list)
                                          and all(isinstance(item, str) for item in permissions)):
        yield _invalid(path + ("Properties", "Permissions"), connector_id, "Type of property 'Permissions' is invalid.")
    reference = settings.get("SourceReference")
    if "SourceReference" in settings:
        if not isinstance(reference, dict):
            yield _invalid(path + ("Properties", "SourceReference"), connector_id,
                           "Property 'SourceReference' should be a map.")
        elif "Id" in reference:
            yield _invalid(path + ("Properties", "SourceReference"), connector_id,
                           "'Id' shouldn't be defined in 'SourceReference'.")
        elif any(key != "Qualifier" for key in reference):
            yield _invalid(path + ("Properties", "SourceReference"), connector_id,
                           "Must provide 'Id' (with optional 'Qualifier') or a supported combination of other properties.")


def _invalid(path: tuple, connector_id: str, message: str) -> Problem:
    return Problem(path, f"Resource with id [{connector_id}] is invalid. {message}")


def _source_role(logical_id: str, properties: dict):
    """The role name the policies attach to: `!Ref` of the role resource, when there is one."""
    role = properties.get("Role")
    if not role:
        return {"Ref": role_id(logical_id)}
    role_resource = _logical_id_in(role)
    return {"Ref": role_resource} if role_resource else None


def _logical_id_in(value) -> str | None:
    """The logical ID a `Ref` or `Fn::GetAtt` names (as SAM reads it), else None."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    if isinstance(value.get("Ref"), str):
        return value["Ref"]
    argument = value.get("Fn::GetAtt")
    if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str):
        return argument[0]
    if isinstance(argument, str) and len(argument.split(".")) == 2:
        return argument.split(".")[0]
    return None


# --------------------------------------------------------------------------- one destination

def _policy(connector_id: str, connector: dict, destination: dict, role, source: dict, resources: dict,
            path: tuple, connector_path: tuple) -> tuple[dict | None, bool, list[Problem]]:
    reference, problem = _destination(destination, resources)
    if problem:
        return None, False, [_invalid(path, connector_id, problem)]
    kind, found, original_type = reference
    values = {"Source.Arn": source.get("Arn"), "Destination.Arn": found.get("Arn"),
              "Source.ResourceId": None, "Destination.ResourceId": None,
              "Source.Name": source.get("Name"), "Destination.Name": found.get("Name"),
              "Source.Qualifier": None, "Destination.Qualifier": None}
    profile = connector_profiles()["profiles"].get(kind)
    if profile is None:
        return None, False, [_invalid(path, connector_id, (
            f"Unable to create connector from AWS::StepFunctions::StateMachine to {kind}; it's not supported "
            "or the template is invalid."))]
    permissions = connector["Properties"]["Permissions"]
    problem = _permission_problem(profile["Properties"], permissions, kind)
    if problem:
        return None, False, [_invalid(connector_path + ("Properties", "Permissions"), connector_id, problem)]
    try:
        categories = _fill(profile["Properties"]["AccessCategories"], values)
    except ValueError as missing:
        return None, False, [_invalid(path, connector_id, str(missing))]
    statements = [statement for category, body in categories.items() if category in permissions
                  for statement in body["Statement"]]
    policy: dict = {"Type": "AWS::IAM::ManagedPolicy"}
    if "DependsOn" in connector:
        policy["DependsOn"] = connector["DependsOn"]
    policy.update((key, connector[key]) for key in CONNECTOR_ATTRIBUTES if key in connector and key != "Metadata")
    own_metadata = connector.get("Metadata") if isinstance(connector.get("Metadata"), dict) else {}
    policy["Metadata"] = {**own_metadata, "aws:sam:connectors": {connector_id: {
        "Source": {"Type": SOURCE_TYPE}, "Destination": {"Type": original_type}}}}
    policy["Properties"] = {"PolicyDocument": {"Version": "2012-10-17", "Statement": statements}, "Roles": [role]}
    return policy, profile["Properties"].get("DependedBy") == "SOURCE", []


def _destination(destination: dict, resources: dict) -> tuple[tuple | None, str | None]:
    """(CloudFormation type, profile values, type for the metadata), or the problem."""
    has_id = "Id" in destination
    if has_id == any(key not in ("Id", "Qualifier") for key in destination):
        return None, "Must provide 'Id' (with optional 'Qualifier') or a supported combination of other properties."
    if not has_id:
        kind = destination.get("Type")
        if not isinstance(kind, str) or not kind:
            return None, "'Type' is missing or not a string."
        kind = SERVERLESS_TO_CLOUDFORMATION.get(kind, kind)
        return (kind, {"Arn": destination.get("Arn"), "Name": destination.get("Name")}, kind), None
    target = destination["Id"]
    if not isinstance(target, str) or not target:
        return None, "'Id' is missing or not a string."
    resource = resources.get(target)
    if not isinstance(resource, dict):
        suggestion = did_you_mean(target, resources)
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        return None, f"Unable to find resource with logical ID '{target}'.{hint}"
    written = resource.get("Type")
    if not isinstance(written, str) or not written:
        return None, "'Type' is missing or not a string."
    kind = SERVERLESS_TO_CLOUDFORMATION.get(written, written)
    return (kind, _outputs(kind, target), written), None


def _outputs(kind: str, logical_id: str) -> dict:
    """How a resource of `kind` gives its ARN and name, as intrinsics on `logical_id`."""
    return _fill(connector_profiles()["resource_properties"].get(kind, {}).get("Outputs", {}), {"logicalId": logical_id})


def _permission_problem(profile: dict, permissions: list, kind: str) -> str | None:
    categories = profile["AccessCategories"]
    listed = ", ".join(categories)
    if not permissions:
        return f"'Permissions' cannot be empty; valid values are: {listed}."
    if any(permission not in categories for permission in permissions):
        return (f"Unsupported 'Permissions' provided for connector from AWS::StepFunctions::StateMachine to {kind}; "
                f"valid values are: {listed}.")
    combinations = [sorted(combination) for combination in profile.get("ValidAccessCategories", ())]
    if combinations and sorted(set(permissions)) not in combinations:
        described = ", ".join(" + ".join(combination) for combination in combinations)
        return (f"Unsupported 'Permissions' provided for connector from AWS::StepFunctions::StateMachine to {kind}; "
                f"valid combinations are: {described}.")
    return None


def _fill(node, values: dict):
    """Replace each `%{Name}` in the profile: a whole string becomes the value itself; within a
    longer string it becomes an `Fn::Sub` variable. A string with `${...}` is an `Fn::Sub`."""
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, values) for value in node]
    if not isinstance(node, str):
        return node
    variables = {}
    for name, value in values.items():
        pattern = "%{" + name + "}"
        if pattern not in node:
            continue
        if value is None:
            raise ValueError(f"{name} is missing.")
        if node == pattern:
            return value
        variable = "".join(char for char in name if char.isalnum())  # Fn::Sub names are alphanumeric
        node = node.replace(pattern, "${" + variable + "}")
        variables[variable] = value
    if _VARIABLE.search(node):
        raise ValueError(f"The following variables have not been replaced: {_VARIABLE.findall(node)}")
    if _SUB_PLACEHOLDER.search(node):
        return {"Fn::Sub": [node, variables]} if variables else {"Fn::Sub": node}
    return node


# --------------------------------------------------------------------------- the order SAM works in

API_TYPES = ("AWS::Serverless::Function", "AWS::Serverless::StateMachine")
IMPLICIT_APIS = (  # (logical ID, event type, the event property naming an explicit API, resource types)
    ("ServerlessRestApi", "Api", "RestApiId", API_TYPES),
    ("ServerlessHttpApi", "HttpApi", "ApiId", ("AWS::Serverless::Function",)),
)


def translation_order(template_resources: dict) -> dict[str, int]:
    """The rank of each embedded connector's logical ID in the order AWS SAM translates them.

    SAM adds the connectors to the template's resources, each source's in its own order, and
    translates them in the resources' iteration order. A template with an API is first
    rebuilt as a replayed Python 2.7 dict (SAM's `to_py27_compatible_template`), and SAM's
    implicit API plugins then add and remove `ServerlessRestApi` and `ServerlessHttpApi`, so
    the order is that table's. It decides the order of the policies in a `DependsOn`
    (measured with aws-sam-translator 1.115.0: the same connectors in either order give one
    order once the template has an Api event).
    """
    found = [str(logical_id) + str(name) for logical_id, resource in template_resources.items()
             if isinstance(resource, dict) and isinstance(resource.get("Connectors"), dict)
             for name in resource["Connectors"]]
    if _has_api(template_resources):
        found = _replayed_order(template_resources)
    return {connector_id: rank for rank, connector_id in enumerate(found)}


def _replayed_order(template_resources: dict) -> list[str]:
    from ..core.py27_dict import Py2Dict  # only templates with both connectors and an API pay for it

    table = Py2Dict()
    for logical_id in template_resources:
        table[str(logical_id)] = None
    for api_id, event_type, id_property, types in IMPLICIT_APIS:
        existed = api_id in table
        table[api_id] = None  # added for every template, removed again when no event uses it
        if not existed and not _implicit_events(template_resources, event_type, id_property, types):
            del table[api_id]
    gathered = {}
    for logical_id in list(table):
        resource = template_resources.get(logical_id)
        if isinstance(resource, dict) and isinstance(resource.get("Connectors"), dict):
            gathered.update((logical_id + str(name), None) for name in resource["Connectors"])
    table.merge(gathered)
    return [key for key in table if key in gathered]


def _events(resource, types) -> list:
    if not isinstance(resource, dict) or resource.get("Type") not in types:
        return []
    properties = resource.get("Properties")
    events = properties.get("Events") if isinstance(properties, dict) else None
    return [event for event in events.values() if isinstance(event, dict)] if isinstance(events, dict) else []


def _has_api(template_resources: dict) -> bool:
    """SAM's test for rebuilding the template as a Python 2.7 dict."""
    for resource in template_resources.values():
        kind = resource.get("Type") if isinstance(resource, dict) else None
        if kind == "AWS::Serverless::Api" or any(event.get("Type") == "Api" for event in _events(resource, API_TYPES)):
            return True
        if kind == "AWS::Serverless::HttpApi":
            properties = resource.get("Properties")
            auth = properties.get("Auth") if isinstance(properties, dict) else None
            if isinstance(auth, dict) and auth.get("DefaultAuthorizer"):
                return True
    return False


def _implicit_events(template_resources: dict, event_type: str, id_property: str, types) -> bool:
    for resource in template_resources.values():
        for event in _events(resource, types):
            settings = event.get("Properties")
            if event.get("Type") == event_type and not (isinstance(settings, dict) and id_property in settings):
                return True
    return False


# --------------------------------------------------------------------------- DependsOn elsewhere

def replace_depends_on(resources: dict, replacements: dict[str, list[str]]) -> dict:
    """`DependsOn` naming a connector names its policies instead (new dicts where one changes)."""
    updated = {}
    for logical_id, resource in resources.items():
        depends_on = resource.get("DependsOn") if isinstance(resource, dict) else None
        names = depends_on if isinstance(depends_on, list) else [depends_on]
        if not any(isinstance(name, str) and name in replacements for name in names):
            updated[logical_id] = resource
            continue
        for connector_id, policies in replacements.items():
            if connector_id in names:
                names = [name for name in names if name != connector_id]
                names += [policy for policy in policies if policy not in names]
        updated[logical_id] = {**resource, "DependsOn": names}
    return updated


def add_depends_on(resource: dict, names: list[str]) -> dict:
    """`resource` with `names` appended to its DependsOn (made a list), each once."""
    existing = resource.get("DependsOn")
    depends_on = list(existing) if isinstance(existing, list) else ([existing] if existing is not None else [])
    depends_on += [name for name in names if name not in depends_on]
    return {**resource, "DependsOn": depends_on}
