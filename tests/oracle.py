"""AWS SAM's translator as a test oracle: offline, with its bundled managed-policy map.

Test-only. samtransform never imports this module or aws-sam-translator.
"""

from __future__ import annotations

import copy
import logging
import os

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.arn_generator import ArnGenerator
from samtranslator.translator.transform import transform

# The translator logs metrics noise on every call.
logging.getLogger("samtranslator").setLevel(logging.CRITICAL)

PARTITION_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}


class OfflineManagedPolicyLoader:
    """The translator asks this only for names missing from its bundled map.

    Answering "IAM knows no such AWS managed policy" makes SAM keep the bare name,
    which is what it does online for a name IAM does not list.
    """

    def load(self):
        return {}


class OracleError(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def translate(template: dict, region: str = "us-east-1", parameters: dict | None = None) -> dict:
    """SAM's output for `template` (never modified), or OracleError with SAM's messages."""
    os.environ["AWS_DEFAULT_REGION"] = region
    ArnGenerator.BOTO_SESSION_REGION_NAME = region
    try:
        return transform(copy.deepcopy(template), dict(parameters or {}), OfflineManagedPolicyLoader())
    except InvalidDocumentException as failure:
        raise OracleError([cause.message for cause in failure.causes]) from None
    finally:
        ArnGenerator.BOTO_SESSION_REGION_NAME = None
