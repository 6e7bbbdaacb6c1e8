"""Expansion: one module per SAM property, the REST API builder, and the model they make.

`expand_template` (template.py) gives the whole model (`Expansion`, model.py); `expand`
gives only the CloudFormation, or raises InvalidTemplateError.
"""

from .model import AlarmEntry, EventTarget, Expansion, StateMachine
from .template import expand, expand_template

__all__ = ["expand", "expand_template", "Expansion", "StateMachine", "EventTarget", "AlarmEntry"]
