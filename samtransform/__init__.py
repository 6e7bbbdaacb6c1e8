"""samtransform: expand AWS SAM state machines into exact, deployable, safe CloudFormation, offline.

    from samtransform import load, expand, dump
    print(dump(expand(load("template.yaml"), region="eu-west-1")))

`expand_template` gives the whole model instead: the template (or None), errors, warnings,
and what the expansion worked out about each state machine.
"""

from .core.problems import InvalidTemplateError, Origin, TransformError
from .expansion import Expansion, expand, expand_template
from .io.template_io import dump, load, load_with_warnings

__all__ = ["expand", "expand_template", "Expansion", "load", "load_with_warnings", "dump", "InvalidTemplateError",
           "TransformError", "Origin"]
__version__ = "0.1.0"
