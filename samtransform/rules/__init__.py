"""The check rules: one table from rule ID to check function, run by `samtransform check`, the
cfn-lint plugin and `plan`.

    from samtransform import check_text
    for problem in check_text(open("template.yaml").read(), "template.yaml"):
        print(problem.rule, problem.path_text, problem.message)

One module per family of rules, each with a `CHECKS` table; `registry` joins them and runs
them (`check_template`, `run_checks`, `CHECKS`, ...), and this face hands its names out when
they are first asked for. Importing one family (`samtransform expand` runs the definition
rules Step Functions would refuse, `creation`) therefore does not import every other family
and the models they read: the whole table costs 6.8 ms of CPU to import, `creation` 3.5 ms,
against about 45 ms of CPU for a small template's whole `expand` (the least of 25 fresh
interpreters, from bytecode, after the modules `expand` loads anyway).
"""

from __future__ import annotations

__all__ = ["CHECKS", "Subject", "check_document", "check_template", "check_text", "rules_table", "run_checks"]

# The names `registry` hands out (PEP 562's module __getattr__).
_REGISTRY = frozenset(__all__) | {"FAMILIES", "ORDER", "make_subject", "problems_of", "unreadable"}


def __getattr__(name: str):
    if name in _REGISTRY:
        from . import registry  # the whole rule table, loaded only by what runs every rule (see the docstring)

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _REGISTRY)
