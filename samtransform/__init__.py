"""samtransform: expand AWS SAM state machines into exact, deployable, safe CloudFormation, offline.

    from samtransform import load, expand, dump
    print(dump(expand(load("template.yaml"), region="eu-west-1")))
"""

from .errors import InvalidTemplateError, Origin, TransformError
from .expand import expand
from .io.template_io import dump, load

__all__ = ["expand", "load", "dump", "InvalidTemplateError", "TransformError", "Origin"]
__version__ = "0.1.0"
