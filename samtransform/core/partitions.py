"""Region to partition, offline.

Prefixes are checked in order; the table mirrors the partitions AWS publishes
(and the ones AWS SAM's translator knows), so every region maps as SAM maps it.
"""

from __future__ import annotations

PARTITION_PREFIXES = (
    ("cn-", "aws-cn"),
    ("us-gov", "aws-us-gov"),
    ("us-iso-", "aws-iso"),
    ("us-isob", "aws-iso-b"),
    ("eu-isoe", "aws-iso-e"),
    ("us-isof", "aws-iso-f"),
    ("eusc-", "aws-eusc"),
)
DEFAULT_PARTITION = "aws"


def partition_of(region: str) -> str:
    region = region.lower()
    for prefix, partition in PARTITION_PREFIXES:
        if region.startswith(prefix):
            return partition
    return DEFAULT_PARTITION
