"""Logical IDs of the resources generated for a state machine, named as AWS SAM names them
(and, for what SAM does not generate, as samtransform documents them)."""

from __future__ import annotations

MAX_LOGICAL_ID_LENGTH = 255  # CloudFormation's limit on a logical ID


def role_id(logical_id: str) -> str:
    return f"{logical_id}Role"


def version_id(logical_id: str) -> str:
    # No hash suffix: a version is replaced whenever the state machine's revision
    # changes, so one logical ID always names the current version.
    return f"{logical_id}Version"


def alias_id(logical_id: str, alias_name: str) -> str:
    return f"{logical_id}Alias{alias_name}"


def event_id(logical_id: str, event_name: str) -> str:
    return f"{logical_id}{event_name}"


def rollback_alarm_id(logical_id: str, metric: str) -> str:
    # Neither the alias name nor the thresholds are part of the ID: changing them updates the
    # alarm in place instead of replacing it.
    return f"{logical_id}{metric}Alarm"


def is_valid(logical_id: str) -> bool:
    # Letters and digits only: [A-Za-z0-9]+ (isalnum alone would also take "é" or "٣").
    return logical_id.isascii() and logical_id.isalnum() and len(logical_id) <= MAX_LOGICAL_ID_LENGTH
