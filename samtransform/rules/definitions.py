"""The state machine definitions the Amazon States Language rules read, digested once.

For each AWS::Serverless::StateMachine whose definition can be known offline (an inline
`Definition`, or a local `DefinitionUri` file), a `Definition` holds the ASL document, where
its findings go, the names CloudFormation will substitute, and every scope and state in it.
The document, the user's substitutions and the file come from the expansion model
(`StateMachine.definition`); SAM's numbered substitutions and the state machine type from
the resource expand generated. What cannot be known is skipped, never guessed:
a definition in S3, a `Definition` that is an intrinsic function (`!Sub` building the whole
document), a `DefinitionSubstitutions` that is one.

A finding in an inline definition is a path from the template root, as for every rule; one
in a local file also carries its line and column in that file (`Problem.origin`).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

from ..core.limits import READ_DEFINITION_BYTES
from ..core.problems import InvalidTemplateError, Location, Problem
from ..expansion.model import StateMachine
from ..core.intrinsics import is_intrinsic
from .subject import Subject
from ..models.states_language_tables import EXPRESS, JSONPATH, QUERY_LANGUAGES

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

    from ..io.locations import SourceMap


# collections' named tuples, not typing's or dataclasses: `check` starts without importing
# typing, dataclasses and inspect (a few milliseconds of a run on a small template).

class Scope(namedtuple("Scope", "path body kind distributed states")):
    """A set of states with its StartAt: the definition itself, a Parallel branch, a Map's processor.

    `path` goes from the definition root to the mapping that holds StartAt and States; `kind` is
    "machine", "branch", "processor" or "iterator"; `distributed` is True in a Distributed Map's
    processor, whose iterations are workflows of their own; `states` is the States mapping ({}
    when missing or not a mapping), kept because the rules ask for it once per transition."""

    __slots__ = ()
    path: tuple
    body: dict
    kind: str
    distributed: bool
    states: dict


def _scope(path: tuple, body: dict, kind: str, distributed: bool = False) -> Scope:
    states = body.get("States")
    return Scope(path, body, kind, distributed, states if isinstance(states, dict) else {})


class State(namedtuple("State", "name body path scope language type")):
    """One state. Named tuples rather than dataclasses: one is made for every state of every
    definition. `path` goes from the definition root to the state's mapping; `language` is
    JSONPath or JSONata (None when it cannot be told); `type` the state's Type (None when
    missing or not a string)."""

    __slots__ = ()
    name: str
    body: dict
    path: tuple
    scope: Scope
    language: str | None
    type: str | None


class Definition:
    """One state machine's definition, with what the rules need of it.

    `base` is the template path of `Definition` or `DefinitionUri`; `file` the local ASL file
    (None for an inline definition); `user_substitutions` DefinitionSubstitutions as written
    (None: none, or not a mapping); `substitutions` every name CloudFormation substitutes
    (None when unknown); `placeholder_count` the `${` in the definition besides SAM's own (None
    when not counted); `scope_states` maps a scope's path to its states; `memo` holds facts
    derived once, shared by the rules."""

    def __init__(self, machine: StateMachine, body: dict, base: tuple, file: str | None,
                 user_substitutions: dict | None, substitutions: frozenset | None, express: bool,
                 placeholder_count: int | None):
        self.machine, self.body, self.base, self.file = machine, body, base, file
        self.user_substitutions, self.substitutions = user_substitutions, substitutions
        self.express, self.placeholder_count = express, placeholder_count
        self.scopes: list[Scope] = []
        self.states: list[State] = []
        self.scope_states: dict = {}
        self.memo: dict = {}
        self._source: SourceMap | None = None

    def error(self, inner: tuple, message: str) -> Problem:
        """A problem at `inner`, a path below the definition root, placed in the right file."""
        if self.file is None:
            return Problem(self.base + inner, message)
        if self._source is None:
            # Positions are worked out only for a finding: `expand`, which runs these rules on
            # every definition, does not pay the 0.4 ms of importing them otherwise.
            from ..io.locations import SourceMap
            from ..io.template_io import read_text

            try:
                self._source = SourceMap(read_text(self.file, READ_DEFINITION_BYTES, "a definition file"))
            except InvalidTemplateError:  # changed since expansion read it: the finding stays in the template
                return Problem(self.base, message)
        return Problem(self.base + inner, message, Location(self.file, *self._source.position(inner)))


def definitions(subject: Subject) -> list[Definition]:
    """Every definition that can be checked, shared by all the ASL rules."""
    return subject.memo("asl_definitions", lambda: [found for machine in subject.state_machines
                                                    if (found := _definition(subject, machine)) is not None])


def _definition(subject: Subject, machine: StateMachine) -> Definition | None:
    facts = machine.definition  # the expansion model's DefinitionFacts
    inline, uri = machine.properties.get("Definition"), machine.properties.get("DefinitionUri")
    if facts is None or (inline and uri):
        return None  # expand reports both
    if facts.local_path is not None:
        # None when the file cannot be read or parsed: E9000 reports that, with expand's words.
        base, file, body = machine.properties_path + ("DefinitionUri",), facts.local_path, facts.document
    else:
        base, file, body = machine.properties_path + ("Definition",), None, facts.document
    if not isinstance(body, dict) or is_intrinsic(body):
        return None  # a definition in S3, or one built by an intrinsic function
    deployed = facts.deployed
    user = facts.substitutions
    found = Definition(machine, body, base, file, user, _substitution_names(user, deployed),
                       _is_express(subject, machine, deployed), _user_placeholder_count(user, deployed))
    found.scopes, found.states = _walk(body)
    for state in found.states:
        found.scope_states.setdefault(state.scope.path, []).append(state)
    return found


def _substitution_names(user: dict | None, deployed: dict | None) -> frozenset | None:
    """The names in the deployed DefinitionSubstitutions: the user's and SAM's numbered ones."""
    if deployed is None or (user is not None and is_intrinsic(user)):
        return None
    substitutions = deployed.get("DefinitionSubstitutions") or {}
    return frozenset(substitutions) if isinstance(substitutions, dict) else None


def _user_placeholder_count(user: dict | None, deployed: dict | None) -> int | None:
    """How many `${` the deployed DefinitionString has besides SAM's numbered placeholders.

    Most definitions have none, and counting in the text expand already wrote spares a
    walk of every node; None when the text is not known.
    """
    joined = (deployed or {}).get("DefinitionString", {})
    parts = joined.get("Fn::Join") if isinstance(joined, dict) else None
    if not (isinstance(parts, list) and len(parts) == 2 and isinstance(parts[1], list)):
        return None
    generated = len(deployed.get("DefinitionSubstitutions") or {}) - len(user or {})
    return "\n".join(parts[1]).count("${") - generated


def _is_express(subject: Subject, machine: StateMachine, deployed: dict | None) -> bool:
    kind = (deployed or {}).get("StateMachineType", machine.properties.get("Type"))
    return subject.literal(kind) == EXPRESS


# --------------------------------------------------------------------------- scopes and states

def _walk(body: dict) -> tuple[list[Scope], list[State]]:
    """Every scope and state, in document order, each state with the query language it uses."""
    top = machine_language(body)
    top = top if top in QUERY_LANGUAGES else None
    scopes: list[Scope] = []
    states: list[State] = []
    _walk_scope(_scope((), body, "machine"), top, top, scopes, states)
    return scopes, states


def machine_language(body: dict) -> Any:
    """The state machine's QueryLanguage, or JSONPath. A QueryLanguage written among the states
    by mistake (E9721 reports it) is the language the states were written in: judging them in
    the default one would report its symptoms, not the mistake."""
    if "QueryLanguage" in body:
        return body["QueryLanguage"]
    states = body.get("States")
    misplaced = states.get("QueryLanguage") if isinstance(states, dict) else None
    return misplaced if isinstance(misplaced, str) else JSONPATH


def _walk_scope(scope: Scope, inherited: str | None, top: str | None, scopes: list, states: list) -> None:
    scopes.append(scope)
    for name, body in scope.states.items():
        if not isinstance(body, dict):
            continue
        path = scope.path + ("States", name)
        states.append(State(name, body, path, scope, _language(body, inherited), state_type(body)))
        # A nested state without its own QueryLanguage follows the top level; when the
        # enclosing state chose another one, the specification leaves it open: not judged.
        nested = top if body.get("QueryLanguage", top) == top else None
        for child in _child_scopes(scope, path, body):
            _walk_scope(child, nested, top, scopes, states)


def _language(state: dict, inherited: str | None) -> str | None:
    own = state.get("QueryLanguage")
    if own is None:
        return inherited
    return own if own in QUERY_LANGUAGES else None


def state_type(state: dict) -> str | None:
    kind = state.get("Type")
    return kind if isinstance(kind, str) else None


def _child_scopes(parent: Scope, path: tuple, state: dict) -> Iterator[Scope]:
    kind = state_type(state)
    if kind == "Parallel" and isinstance(state.get("Branches"), list):
        for index, branch in enumerate(state["Branches"]):
            if isinstance(branch, dict):
                yield _scope(path + ("Branches", index), branch, "branch", parent.distributed)
    elif kind == "Map":
        for key, scope_kind in (("ItemProcessor", "processor"), ("Iterator", "iterator")):
            if isinstance(state.get(key), dict):
                yield _scope(path + (key,), state[key], scope_kind, parent.distributed or is_distributed(state))


def is_distributed(state: dict) -> bool:
    """A Map state in Distributed mode (`ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED`)."""
    processor = state.get("ItemProcessor")
    config = processor.get("ProcessorConfig") if isinstance(processor, dict) else None
    return isinstance(config, dict) and config.get("Mode") == "DISTRIBUTED"
