"""The one reading of a path item or method of an OpenAPI body that AWS SAM edits: the value
itself, or both branches of the `Fn::If` around it (AWS::NoValue left out), as AWS SAM's
`get_conditional_contents` reads them. Every edit of a body (integrations, Auth, Cors,
resource policies) goes through here.
"""

from __future__ import annotations

NO_VALUE = "AWS::NoValue"


def contents(item) -> list:
    """A path item or method, or the branches of the Fn::If around it, less AWS::NoValue."""
    if isinstance(item, dict) and "Fn::If" in item:
        return [branch for branch in item["Fn::If"][1:] if not _no_value(branch)]
    return [item]


def _no_value(branch) -> bool:
    # Not intrinsics.is_no_value, which takes only a template's own dict: a body being built
    # holds Py2Dicts, and a NoValue branch must stay out of it (found by AWS SAM's
    # api_rest_paths_with_if_condition_swagger_no_value_then_case: Cors added OPTIONS into it).
    return isinstance(branch, dict) and len(branch) == 1 and branch.get("Ref") == NO_VALUE
