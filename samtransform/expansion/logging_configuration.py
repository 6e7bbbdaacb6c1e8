"""Logging -> the state machine's `LoggingConfiguration`, copied as given (state_machine.py).

Rules:
- as AWS SAM: `Logging` is copied as it is; its shape (Level, IncludeExecutionData,
  Destinations) is the input schema's;
- beyond SAM: what Step Functions refuses when CloudFormation creates the state machine is
  an error (E9804): a Level other than OFF without Destinations, and more than one
  destination (`samtransform.models.values.logging_problems`, from botocore's model of
  LoggingConfiguration: "Limited to size 1. Required, if your log level is not set to OFF").
  AWS SAM copies them, and the deploy fails with InvalidLoggingConfiguration.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem
from ..models.values import logging_problems

RULE_ID = "E9804"  # samtransform check's rule for the same problem
OFF = "OFF"


def iter_errors(path: tuple, properties: dict) -> Iterator[Problem]:
    """What Step Functions refuses in `Logging` (`path` is the state machine's Properties)."""
    logging = properties.get("Logging")
    for relative, message in logging_problems(logging):
        yield Problem(path + ("Logging",) + relative, message, rule_id=RULE_ID)


def logs_to_cloudwatch(properties: dict) -> bool:
    """Whether the state machine logs: a literal Level other than OFF (OFF is the default)."""
    logging = properties.get("Logging")
    level = logging.get("Level") if isinstance(logging, dict) else None
    return isinstance(level, str) and level != OFF
