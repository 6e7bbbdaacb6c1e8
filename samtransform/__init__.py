"""samtransform: expand AWS SAM state machines into exact, deployable, safe CloudFormation, offline.

    from samtransform import load, expand, dump
    print(dump(expand(load("template.yaml"), region="eu-west-1")))

`expand_template` gives the whole model instead: the template (or None), errors, warnings,
and what the expansion worked out about each state machine. `check_text` and
`check_template` run the check rules; `plan_text` and `plan_template` say what a deploy
will do; `adopt` edits a template so that its state machines deploy gradually. Every
problem, whichever function reports it, is a `Problem`.
"""

from .core.problems import InvalidTemplateError, Located, Location, Problem
from .core.version import __version__
from .expansion import Expansion, expand, expand_template
from .io.template_io import dump, load, load_with_warnings

__all__ = ["expand", "expand_template", "Expansion", "load", "load_with_warnings", "dump", "InvalidTemplateError",
           "Problem", "Location", "Located", "check_text", "check_template", "plan_text", "plan_template",
           "adopt", "__version__"]

# The rules and the plan are read only by the programs that use them: `samtransform expand`
# starts without them (PEP 562's module __getattr__).
_LAZY = {"check_text": "rules", "check_template": "rules", "plan_text": "plan", "plan_template": "plan",
         "adopt": "adoption"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib  # only when a lazy name is asked for

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
