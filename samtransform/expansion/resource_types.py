"""Type -> refused when it is a near miss of a resource type AWS SAM or CloudFormation knows (E9811).

Rules:
- AWS SAM passes a resource type it does not know through unexpanded
  (`AWS::Serverless::Statemachine` stays as it is), and CloudFormation then refuses the
  template: "Unrecognized resource types: [...]"
  (https://aws.amazon.com/premiumsupport/knowledge-center/cloudformation-template-validation/).
  So a `Type` that is a near miss of a known type (equal but for case, or very close within
  its service; `samtransform.models.sam.misspelt_type`, from the pinned aws-sam-translator's
  and cfn-lint's lists) is an error, with the type it most likely meant;
- an `AWS::` type that no pinned list names and that is close to none may be newer than the
  lists: it is not refused here (`samtransform check` warns, W9812). Nor is one that only
  extends a known name (`AWS::Lambda::FunctionV2`, `AWS::Serverless::Functions`): new types
  are often named so, and the lists are only as new as their pinned packages. `Custom::` and
  registry types (`MyOrg::Service::Thing`) are never judged.
"""

from __future__ import annotations

from ..core.problems import Problem
from ..models.sam import misspelt_type, resource_type_problems

RULE_ID = "E9811"  # samtransform check's rule for the same problem


def misspelling(resource_type: str) -> str | None:
    """The known type `resource_type` misspells (refused), or None: known, not judged, close to
    none, or only an extension of a known name (which may be newer than the lists)."""
    suggestion = misspelt_type(resource_type)
    if suggestion is None or (len(resource_type) > len(suggestion)
                              and resource_type.lower().startswith(suggestion.lower())):
        return None
    return suggestion


def iter_errors(resources: dict, known: tuple = ()) -> list[Problem]:
    """A misspelt Type of any resource (`known`: types already known to be right, not looked up)."""
    errors = []
    judged: dict[str, list] = {}  # each type once: a template may hold hundreds of one type
    for logical_id, resource in resources.items():
        kind = resource.get("Type") if isinstance(resource, dict) else None
        if not isinstance(kind, str) or kind in known:
            continue
        if kind not in judged:
            judged[kind] = [message for _, message in resource_type_problems(kind)] if misspelling(kind) else []
        errors += [Problem(("Resources", logical_id, "Type"), message, rule_id=RULE_ID) for message in judged[kind]]
    return errors
