"""samtransform: expand AWS SAM state machines into exact, deployable, safe CloudFormation, offline.

    from samtransform import load, expand, dump
    template = load("fixtures/seed/template.yaml")   # in a clone; any template's path works
    print(dump(expand(template, region="eu-west-1")))

A local DefinitionUri is read from the template's own folder, whatever the current folder:
`load` of a path remembers it. For a template parsed some other way, pass `base_dir=`.

Reading and writing
    load(path_or_text, name=None) -> dict
        A template from a file (JSON or YAML) or from text. From a file it is a
        LoadedTemplate: a dict that also remembers the file's folder (`.base_dir`).
    load_with_warnings(path_or_text, name=None) -> (dict, warnings)
        `load`, and the loader's warnings (a key repeated in one mapping).
    dump(template, format="json", *, compact=False) -> str
        JSON (indented by two, or compact) or YAML with short-form intrinsics.

Expanding
    expand(template, *, region="us-east-1", parameters=None, base_dir=None) -> dict
        The CloudFormation; raises InvalidTemplateError with every error.
    expand_template(template, *, region=..., parameters=..., base_dir=...) -> Expansion
        Never raises for a bad template: the CloudFormation (or None), the errors, the
        warnings, and a StateMachine for each AWS::Serverless::StateMachine (its alias, its
        generated resources, its alarms and events). Both also take strict=True (validate
        every generated resource against CloudFormation's schema, E9807), definitions_roots
        and files (docs/library.md).

Checking (the rules of `samtransform check` and of the cfn-lint plugin, docs/rules.md)
    check_text(text, name="<template>", *, region=..., parameters=..., base_dir=...)
    check_template(template, *, region=..., parameters=..., base_dir=..., load_warnings=())
        -> list of Problems, in document order.

Planning (what a deploy will do: versions, traffic steps, alarms; `samtransform plan`)
    plan_text(text, name="<template>", *, previous_text=None, ...) -> dict
    plan_template(template, *, previous=None, ...) -> dict

Adopting (`samtransform adopt`, docs/adopt.md)
    adopt(text, name="<template>", *, state_machines=(), alias=None, deployment=None, ...)
        -> Adoption: the new text, its changes and the warnings it brings.

Problems
    Problem(path, message, origin, severity, rule_id): one problem, whichever function
    reports it; `.rule` is its rule ID (E9000/W9001 when no specific rule claims it).
    Location(file, line, column, end_line, end_column) and Located(location, problem): a
    problem placed in its file. InvalidTemplateError: raised with every problem (`.errors`).

Every argument and field is described on the function or type itself: help(samtransform.expand),
help(samtransform.Expansion), help(samtransform.Problem). The command line is `samtransform
COMMAND --help`. __version__ is the installed version (CHANGELOG.md).
"""

from .core.problems import InvalidTemplateError, Located, Location, Problem
from .core.version import __version__
from .expansion import Expansion, StateMachine, expand, expand_template
from .io.template_io import LoadedTemplate, dump, load, load_with_warnings

__all__ = ["expand", "expand_template", "Expansion", "StateMachine", "load", "load_with_warnings", "LoadedTemplate",
           "dump", "InvalidTemplateError", "Problem", "Location", "Located", "check_text", "check_template",
           "plan_text", "plan_template", "adopt", "__version__"]

# The rules and the plan are read only by the programs that use them: `samtransform expand`
# starts without them (PEP 562's module __getattr__).
_LAZY = {"check_text": "rules", "check_template": "rules", "plan_text": "plan", "plan_template": "plan",
         "adopt": "adoption"}


def __getattr__(name: str):
    """check_text, check_template, plan_text, plan_template and adopt, imported on first use."""
    if name in _LAZY:
        import importlib  # only when a lazy name is asked for

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's names, the ones imported on first use included."""
    return sorted(set(globals()) | set(_LAZY))
