"""expand(): the whole template in, CloudFormation out, or InvalidTemplateError. Pure: the input is never modified.

The simple public function on top of the expansion model (`samtransform.expansion`),
which also keeps warnings and what it worked out about each state machine.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from .errors import InvalidTemplateError
from .expansion import expand_template


def expand(template: dict, *, region: str = "us-east-1", parameters: Mapping | None = None,
           base_dir: str | os.PathLike | None = None, definitions_roots=()) -> dict:
    """Expand every AWS::Serverless::StateMachine in `template`.

    Raises InvalidTemplateError carrying every problem found; warnings do not raise. A local
    DefinitionUri may name a file inside `base_dir` or one of `definitions_roots`.
    """
    expansion = expand_template(template, region=region, parameters=parameters, base_dir=base_dir,
                                definitions_roots=definitions_roots)
    if expansion.errors:
        raise InvalidTemplateError(expansion.errors)
    return expansion.template
