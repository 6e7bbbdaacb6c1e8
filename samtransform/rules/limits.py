"""Checks of CloudFormation's stack limits on the template as it will be deployed: expanded.

Limits from CloudFormation's quotas page
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
500 resources per stack; a template body of at most 51,200 bytes in the request itself
(CreateStack/UpdateStack `TemplateBody`) and at most 1 MB from S3 (`TemplateURL`).

Rules, only for templates with an AWS::Serverless::StateMachine (for other templates the
input is what is deployed, and cfn-lint checks it; E3010 there):
- E9601 the expanded template has more than 500 resources;
- E9602 the expanded template is over 1 MB, even as compact JSON;
- W9603 the expanded template is over 51,200 bytes as compact JSON: it must be deployed
  from S3.
Other AWS::Serverless::* resources stay as they are, so the resource count is a lower
bound. Sizes are measured as compact JSON, the smallest form of the template, so a finding
holds whatever form is deployed. 1 MB is read as 1,048,576 bytes, the larger reading, so
E9602 never fires on a template CloudFormation accepts.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.limits import MAX_REQUEST_TEMPLATE_BYTES, MAX_RESOURCES, MAX_TEMPLATE_BYTES
from ..core.problems import Problem
from ..io.template_io import dump_chunks
from .subject import Subject


def _expanded(subject: Subject) -> dict | None:
    return subject.expanded if subject.state_machines else None


def compact_size(template: dict) -> int:
    # Measured a piece (about a resource) at a time, never held whole: the text of a large
    # template is tens of megabytes, and allocating them cost more than writing them.
    # An ASCII piece's UTF-8 size is its length.
    size = sum(len(piece) if piece.isascii() else len(piece.encode("utf-8"))
               for piece in dump_chunks(template, "json", compact=True))
    return size - 1  # without the final newline


def check_resource_count(subject: Subject) -> Iterator[Problem]:
    expanded = _expanded(subject)
    if expanded is None:
        return
    count = len(expanded.get("Resources", {}))
    if count > MAX_RESOURCES:
        added = count - len(subject.resources)
        yield Problem(("Resources",), f"the expanded template has {count} resources ({added} generated); "
                                             f"CloudFormation allows at most {MAX_RESOURCES} in a stack")


def _size(subject: Subject) -> int | None:
    expanded = _expanded(subject)
    return None if expanded is None else subject.memo("compact_size", lambda: compact_size(expanded),
                                                      template_wide=True)


def check_s3_size(subject: Subject) -> Iterator[Problem]:
    size = _size(subject)
    if size is not None and size > MAX_TEMPLATE_BYTES:
        yield Problem((), f"the expanded template is {size:,} bytes as compact JSON; CloudFormation "
                                 f"accepts at most 1 MB ({MAX_TEMPLATE_BYTES:,} bytes) even from S3")


def check_body_size(subject: Subject) -> Iterator[Problem]:
    size = _size(subject)
    if size is not None and MAX_REQUEST_TEMPLATE_BYTES < size <= MAX_TEMPLATE_BYTES:
        yield Problem((), f"the expanded template is {size:,} bytes as compact JSON, over the "
                                 f"{MAX_REQUEST_TEMPLATE_BYTES:,} bytes CloudFormation accepts in a request; deploy it "
                                 "from S3 (TemplateURL, or --s3-bucket)")


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "E9601": check_resource_count,
    "E9602": check_s3_size,
    "W9603": check_body_size,
}
