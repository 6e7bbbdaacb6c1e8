"""The limits samtransform relies on, holds templates to, and reads and writes within: one home for each.

A limit of a value that the input schema checks lives in that schema (`schemas/sam/`), in its
`minimum`/`maximum`/`maxItems`/`maxLength` keywords, and the code reads it here
(`deployment_preference_bounds`, `alarms_bounds`). The others are written here with their source.

AWS's own, which messages quote:
- CloudFormation (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
  500 resources in a stack; a template of at most 51,200 bytes in the request itself
  (CreateStack/UpdateStack `TemplateBody`) and 1 MB from S3 (`TemplateURL`; read as 1,048,576
  bytes, the larger reading, so no check fires on a template CloudFormation accepts); 200
  parameters, each value at most 4,096 bytes.
- Step Functions (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html):
  a state machine definition of at most 1 MB, a hard quota.
- AWS::StepFunctions::StateMachineAlias `Name`: 1 to 80 characters (its resource schema's
  maxLength). AutoPublishAlias is resolved before it is checked (a parameter Ref), so no input
  schema holds it.
- JSON numbers (RFC 8259 section 6, https://www.rfc-editor.org/rfc/rfc8259#section-6): tools
  agree on IEEE 754 doubles; a number beyond a double's range (1e309, an integer of 310
  digits) is infinite to them. CloudFormation documents no bound of its own (none found).

samtransform's bounds on what it reads (a bound on memory and time, not a check of the
template: `check` reports a template over CloudFormation's limits as E9601-E9603):
- a template: 256 times CloudFormation's limit, since generated templates far beyond it are
  expanded too (the benchmark's 100 MB one);
- a definition file: 16 times Step Functions' limit, room for whitespace and comments;
- a parameters file or samconfig.toml: 1 MiB, more than 200 values of 4,096 bytes with
  their keys;
- git, asked for a file at a revision (`plan --previous REV`, io/git_revision.py): the file
  is held to the limit of the part it plays (a template's, a definition file's); what git
  says besides (a commit ID, a path, an error) to 64 KiB, far more than any of them; each
  call to 60 seconds, where a local call takes milliseconds (a cold disk under a very large
  repository takes seconds), so that a hung git ends the run instead of holding it.
What expansion writes is bounded by AWS's limits: each DefinitionString by Step Functions'
(a larger one is an error at its definition, found before it is built whole), and what the
definition files add to the template, all together, by CloudFormation's template limit.
"""

from __future__ import annotations

import sys
from functools import lru_cache

from .schema import load_schema

STATE_MACHINE_SCHEMA = "sam/aws-serverless-statemachine.json"

CLOUDFORMATION_QUOTAS_URL = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"
STEP_FUNCTIONS_QUOTAS_URL = "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html"

MAX_RESOURCES = 500
MAX_REQUEST_TEMPLATE_BYTES = 51_200
MAX_TEMPLATE_BYTES = 1_048_576
MAX_PARAMETERS = 200
MAX_PARAMETER_VALUE_BYTES = 4_096
MAX_DEFINITION_BYTES = 1_048_576
MAX_ALIAS_NAME_LENGTH = 80
MAX_NUMBER = sys.float_info.max  # about 1.8e308

READ_TEMPLATE_BYTES = 256 * MAX_TEMPLATE_BYTES
READ_DEFINITION_BYTES = 16 * MAX_DEFINITION_BYTES
READ_PARAMETERS_BYTES = 1_048_576
READ_CONFIG_BYTES = READ_PARAMETERS_BYTES
READ_GIT_MESSAGE_BYTES = 65_536
GIT_TIMEOUT_SECONDS = 60


def _deployment_preference_property(key: str) -> dict:
    return load_schema(STATE_MACHINE_SCHEMA).document["$defs"]["DeploymentPreference"]["properties"][key]


@lru_cache(maxsize=None)
def deployment_preference_keys() -> tuple[str, ...]:
    """The keys a deployment preference may have, as the input schema declares them (one it
    forbids, StateMachineVersionArn, left out): the names E9106's "did you mean" picks from."""
    declared = load_schema(STATE_MACHINE_SCHEMA).document["$defs"]["DeploymentPreference"]["properties"]
    return tuple(key for key, value in declared.items() if value != {"not": {}} and "not" not in value)


@lru_cache(maxsize=None)
def deployment_preference_bounds(key: str) -> tuple[int, int]:
    """The (minimum, maximum) the input schema allows for Percentage or Interval."""
    literal = _deployment_preference_property(key)
    while "minimum" not in literal:  # past the intrinsic, dynamic reference and digit string branches
        literal = literal["else"]
    return literal["minimum"], literal["maximum"]


@lru_cache(maxsize=None)
def alarms_bounds() -> tuple[int, int, int]:
    """(most alarms in one list, shortest and longest alarm name) the input schema allows."""
    alarms = _deployment_preference_property("Alarms")
    while "maxItems" not in alarms:
        alarms = alarms["else"]
    name = alarms["items"]
    while "maxLength" not in name:
        name = name["else"]
    return alarms["maxItems"], name.get("minLength", 1), name["maxLength"]
