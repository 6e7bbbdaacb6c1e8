"""Name -> the state machine's `StateMachineName`, copied as given (state_machine.py).

Rules:
- as AWS SAM: `Name` is copied as it is; its length (1 to 80) is the input schema's;
- beyond SAM: a character CreateStateMachine refuses is an error (E9805): white space,
  < > { } [ ], ? *, " # % \\ ^ | ~ ` $ & , ; : /, and control characters (botocore's model of
  CreateStateMachine's name; `samtransform.models.values.name_problems`). AWS SAM copies it,
  and the deploy fails with InvalidName;
- beyond SAM: with logging on (a Level other than OFF), a name outside 0-9, A-Z, a-z, - and _
  is a warning (W9806): "To enable logging with CloudWatch Logs, the name should only contain
  0-9, A-Z, a-z, - and _" (the same model). It is a warning because the documentation says
  "should".
A name given as an intrinsic function is known only at deploy time and not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem
from ..models.values import name_problems
from .logging_configuration import logs_to_cloudwatch

RULE_ID = "E9805"          # a name Step Functions refuses
LOGGING_RULE_ID = "W9806"  # a name logging does not take


def iter_errors(path: tuple, properties: dict) -> Iterator[Problem]:
    """Problems with `Name` (`path` is the state machine's Properties): errors, then the warning."""
    name = properties.get("Name")
    refused = [Problem(path + ("Name",) + relative, message, rule_id=RULE_ID)
               for relative, message in name_problems(name)]
    if refused:
        yield from refused
    elif logs_to_cloudwatch(properties):
        for relative, message in name_problems(name, logged=True):
            yield Problem(path + ("Name",) + relative, message, severity="warning", rule_id=LOGGING_RULE_ID)
