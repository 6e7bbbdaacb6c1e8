"""The one reading of a path item or method of an OpenAPI body that AWS SAM edits: the value
itself, or both branches of the `Fn::If` around it (AWS::NoValue left out), as AWS SAM's
`get_conditional_contents` reads them. Every edit of a body (integrations, Auth, Cors,
resource policies) goes through here.
"""

from __future__ import annotations

from ...core.intrinsics import is_no_value


def contents(item) -> list:
    """A path item or method, or the branches of the Fn::If around it, less AWS::NoValue."""
    if isinstance(item, dict) and "Fn::If" in item:
        return [branch for branch in item["Fn::If"][1:] if not is_no_value(branch)]
    return [item]
