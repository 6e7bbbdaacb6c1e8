"""The definition rules whose findings Step Functions refuses when the state machine is created:
what `samtransform expand` warns about, and with `--strict` refuses.

Step Functions validates a definition on CreateStateMachine and UpdateStateMachine (and on
ValidateStateMachineDefinition, which answers the same diagnostics without creating
anything). A diagnostic of severity ERROR "means that you cannot create or update a state
machine with this definition"; WARNING ones (NO_DOLLAR, NO_PATH, PASS_RESULT_IS_STATIC) do
not stop it (ValidateStateMachineDefinitionDiagnostic,
https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html).
`REJECTED_AT_CREATION` maps each rule to the ERROR code its finding meets; docs/expand-warnings.md
gives the evidence for each. Left out, for want of a source that Step Functions refuses them
at creation: E9701 (a `${Name}` CloudFormation leaves in the text is often a plain string to
Step Functions), E9725, E9733 and E9734; W9742 describes a definition Step Functions accepts.

The rules run on the expansion `expand` already made (no second expansion); a template whose
definitions cannot be read offline (in S3, built by an intrinsic function) gives nothing.
"""

from __future__ import annotations

from ..core.collector import paused
from ..core.problems import Problem, document_order
from . import integrations, state_fields, state_graph, state_values
from .definitions import definitions
from .subject import Subject
from .suppressions import unsuppressed

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from ..expansion.model import Expansion

# Rule -> the ValidateStateMachineDefinition ERROR code of what it reports, in the catalog's order.
REJECTED_AT_CREATION = {
    "E9711": "MISSING_TRANSITION_TARGET",
    "E9712": "SCHEMA_VALIDATION_FAILED",
    "W9713": "MISSING_TRANSITION_TARGET",  # AWS answers 'State "X" is not reachable' with this code
    "E9714": "MISSING_END_STATE",
    "E9715": "SCHEMA_VALIDATION_FAILED",
    "E9716": "DUPLICATE_STATE_NAME",
    "E9721": "SCHEMA_VALIDATION_FAILED",
    "E9722": "SCHEMA_VALIDATION_FAILED",
    "E9723": "SCHEMA_VALIDATION_FAILED",
    "E9724": "SCHEMA_VALIDATION_FAILED",
    "E9726": "SCHEMA_VALIDATION_FAILED",
    "E9731": "INVALID_RESOURCE",
    "E9732": "INVALID_RESOURCE",
    "E9741": "INVALID_JSONATA_EXPRESSION",  # and UNSUPPORTED_JSONATA_EXPRESSION for $, $$, a bare name
    "E9743": "SCHEMA_VALIDATION_FAILED",
    "E9744": "SCHEMA_VALIDATION_FAILED",
    "E9745": "SCHEMA_VALIDATION_FAILED",
    "E9746": "SCHEMA_VALIDATION_FAILED",
    "E9747": "SCHEMA_VALIDATION_FAILED",
    "E9748": "SCHEMA_VALIDATION_FAILED",
}
_FAMILIES = (state_graph, state_fields, state_values, integrations)
CHECKS = {rule_id: family.CHECKS[rule_id] for rule_id in REJECTED_AT_CREATION
          for family in _FAMILIES if rule_id in family.CHECKS}


def creation_problems(template: dict, expansion: Expansion) -> list[Problem]:
    """What Step Functions would refuse in the template's definitions, as warnings with each
    rule's ID, in document order (the template's cfn-lint suppressions honoured, as by check)."""
    subject = Subject(template, expansion)
    with paused():
        if not definitions(subject):
            return []
        found = [Problem(problem.path, problem.message, problem.origin, "warning", rule_id)
                 for rule_id, check in CHECKS.items() for problem in check(subject)]
    unique = list(dict.fromkeys(unsuppressed(template, found)))  # a rule may meet a node twice (Fn::If)
    return sorted(unique, key=lambda problem: document_order(template, problem.path))
