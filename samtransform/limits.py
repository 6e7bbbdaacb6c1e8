"""The limits samtransform holds templates to, and reads and writes within: one home for each.

AWS's own, which messages quote:
- CloudFormation (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
  500 resources in a stack; a template of at most 51,200 bytes in the request itself and
  1 MB from S3 (read as 1,048,576 bytes, the larger reading, so no error fires on a template
  CloudFormation accepts); 200 parameters, each value at most 4,096 bytes.
- Step Functions (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html):
  a state machine definition of at most 1 MB, a hard quota.
- JSON numbers (RFC 8259 section 6, https://www.rfc-editor.org/rfc/rfc8259#section-6): tools
  agree on IEEE 754 doubles; a number beyond a double's range (1e309, an integer of 310
  digits) is infinite to them. CloudFormation documents no bound of its own (none found).

samtransform's bounds on what it reads (a bound on memory and time, not a check of the
template: `check` reports a template over CloudFormation's limits as E9601-E9603):
- a template: 256 times CloudFormation's limit, since generated templates far beyond it are
  expanded too (the benchmark's 100 MB one);
- a definition file: 16 times Step Functions' limit, room for whitespace and comments;
- a parameters file or samconfig.toml: 1 MiB, more than 200 values of 4,096 bytes with
  their keys.
What expansion writes is bounded by AWS's limits: each DefinitionString by Step Functions'
(a larger one is an error at its definition, found before it is built whole), and what the
definition files add to the template, all together, by CloudFormation's template limit.
"""

from __future__ import annotations

import sys

CLOUDFORMATION_QUOTAS_URL = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"
STEP_FUNCTIONS_QUOTAS_URL = "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html"

MAX_RESOURCES = 500
MAX_REQUEST_TEMPLATE_BYTES = 51_200
MAX_TEMPLATE_BYTES = 1_048_576
MAX_PARAMETERS = 200
MAX_PARAMETER_VALUE_BYTES = 4_096
MAX_DEFINITION_BYTES = 1_048_576
MAX_NUMBER = sys.float_info.max  # about 1.8e308

READ_TEMPLATE_BYTES = 256 * MAX_TEMPLATE_BYTES
READ_DEFINITION_BYTES = 16 * MAX_DEFINITION_BYTES
READ_PARAMETERS_BYTES = 1_048_576
READ_CONFIG_BYTES = READ_PARAMETERS_BYTES
