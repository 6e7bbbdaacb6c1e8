"""`samtransform expand`'s expansion: the template expanded, and the definition errors Step
Functions would refuse at creation added to its warnings (`rules/creation.py` says which and
why), each with its rule's ID, so that `--strict` makes them errors like every other warning.

The expanded template is the one `expand_template` gives, unchanged: these are warnings about
the definition, which AWS SAM passes through as it is. The library's `expand_template` and
`expand` do not add them: the expansion layer sits below the rules and cannot run them, and
`check`, `plan` and the plugin, which build on `expand_template`, run these rules themselves
(with every other): the expansion would do the same work twice for them.
"""

from __future__ import annotations

from ..core.problems import document_order
from ..expansion import expand_template

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from ..expansion.model import Expansion


def expand_with_definition_warnings(template, **options) -> Expansion:
    """`expand_template(template, **options)`, with the definition errors Step Functions refuses
    among its warnings."""
    expansion = expand_template(template, **options)
    if not any(_readable(machine.definition) for machine in expansion.state_machines):
        return expansion  # nothing the rules could read: they are not even imported
    from ..rules.creation import creation_problems  # 3.5 ms of CPU to import: only for a template with a definition

    found = creation_problems(template, expansion)
    if not found:
        return expansion
    warnings = sorted(expansion.warnings + tuple(found), key=lambda problem: document_order(template, problem.path))
    return expansion._replace(warnings=tuple(warnings))


def _readable(facts) -> bool:
    """A definition the rules can read offline: inline, or in a local file (not in S3)."""
    return facts is not None and (isinstance(facts.document, dict) or facts.local_path is not None)
