"""What samtransform's rollback alarms are made of: AWS facts and defaults, kept apart from the logic.

Sources:
- Step Functions publishes `ExecutionsFailed`, `ExecutionsTimedOut`, `ExecutionsAborted` and
  `ExecutionThrottled` in the `AWS/States` namespace; executions started through an alias
  carry the dimensions `StateMachineArn` and `Alias`
  (https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html,
  aws-facts.md §4). These four are also serverless-step-functions' default alarm set, with
  threshold 1 and a 60-second period (aws-facts.md §7).
- A Period must be 10, 20, 30 or a multiple of 60 seconds, and the sub-minute values are only
  for high-resolution metrics (stored by PutMetricData with a StorageResolution of 1): on a
  metric of one-minute resolution such an alarm "might often lapse into INSUFFICIENT_DATA"
  (PutMetricAlarm's Period, https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatch/aws.sdk.kotlin.services.cloudwatch.model/-put-metric-alarm-request/period.html;
  "For metrics with regular resolution, a period can be as short as one minute (60 seconds)
  and must be a multiple of 60", https://docs.aws.amazon.com/goto/WebAPI/monitoring-2010-08-01/MetricStat).
  Step Functions' metrics are published by the service, not with StorageResolution 1, so 60
  seconds is the shortest period that sees every datapoint.
- `Sum` counts the executions in a period (what a datapoint's SampleCount counts is not
  documented, aws-facts.md §7); `TreatMissingData: notBreaching` because a metric may have no
  datapoint while nothing goes wrong (`ExecutionThrottled` is only emitted when throttled).
"""

from __future__ import annotations

# Step Functions' namespace and metrics are facts of the CloudWatch model (data/aws_states_metrics.json);
# the choice of metrics and the words below are samtransform's.
from ..models.cloudwatch import NAMESPACE

# The metrics that get an alarm by default, in the order the alarms are generated and listed: the
# execution metrics whose kind is "failure" in the CloudWatch model (tests check that they are).
METRICS = ("ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted", "ExecutionThrottled")

# What each metric counts, for the alarm's description.
METRIC_WORDS = {
    "ExecutionsFailed": "failed executions",
    "ExecutionsTimedOut": "timed-out executions",
    "ExecutionsAborted": "aborted executions",
    "ExecutionThrottled": "throttled executions",
}

DEFAULT_THRESHOLD = 1  # one bad execution through the alias is enough to roll back

# The shortest window a one-minute-resolution metric allows: one period of 60 seconds.
PERIOD_SECONDS = 60
EVALUATION_PERIODS = 1

# Properties every generated alarm has, besides its metric, dimensions, window and threshold.
FIXED_PROPERTIES = {
    "Namespace": NAMESPACE,
    "Statistic": "Sum",
    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    "TreatMissingData": "notBreaching",
}
