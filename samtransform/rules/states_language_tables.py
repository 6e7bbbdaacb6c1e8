"""Facts about the Amazon States Language and Step Functions' integrations, as data.

The rules in `state_graph`, `state_fields` and `integrations` read these tables and hold
no facts of their own. Sources (as of 2026-12):
- the Amazon States Language specification, https://states-language.net/spec.html
  (state types, their fields, Retry/Catch, HeartbeatSeconds, terminal states);
- "State machine structure", https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
  (top-level fields, QueryLanguage);
- "Integrating optimized services with Step Functions",
  https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
  (which integration pattern each service offers; Express offers Request Response only);
- "Service integration patterns", https://docs.aws.amazon.com/en_us/step-functions/latest/dg/connect-to-resource.html
  (the `arn:aws:states:::service:action[.pattern]` resource form).
"""

from __future__ import annotations

# The facts the models of samtransform.models read too have their home there.
from ..models.states_language_tables import JSONATA, JSONPATH, MACHINE_FIELDS  # noqa: F401 (read by the rules)
from ..models.states_language_tables import SCOPE_FIELDS as BRANCH_FIELDS

QUERY_LANGUAGES = (JSONPATH, JSONATA)

# Fields of the definition's top level (MACHINE_FIELDS), and of a Parallel branch or a Map's processor.
PROCESSOR_FIELDS = BRANCH_FIELDS | {"ProcessorConfig"}

# Every state may have these.
COMMON_FIELDS = frozenset({"Type", "Comment", "QueryLanguage"})

# How a state moves on: "next_or_end" (exactly one of Next and End: true), "choice"
# (Choices and Default, never Next or End), "terminal" (neither).
TRANSITIONS = {
    "Task": "next_or_end", "Pass": "next_or_end", "Wait": "next_or_end", "Parallel": "next_or_end",
    "Map": "next_or_end", "Choice": "choice", "Succeed": "terminal", "Fail": "terminal",
}
TRANSITION_FIELDS = frozenset({"Next", "End"})

# Per state type: fields allowed whatever the query language, JSONPath-only and JSONata-only.
# Next and End are TRANSITIONS' business, not listed here.
STATE_FIELDS = {
    "Task": {
        "both": {"Resource", "Assign", "Retry", "Catch", "TimeoutSeconds", "HeartbeatSeconds", "Credentials"},
        JSONPATH: {"InputPath", "OutputPath", "Parameters", "ResultPath", "ResultSelector", "TimeoutSecondsPath",
                   "HeartbeatSecondsPath"},
        JSONATA: {"Arguments", "Output"},
    },
    "Pass": {
        "both": {"Assign", "Result"},
        JSONPATH: {"InputPath", "OutputPath", "Parameters", "ResultPath"},
        JSONATA: {"Output"},
    },
    "Choice": {
        "both": {"Choices", "Default", "Assign"},
        JSONPATH: {"InputPath", "OutputPath"},
        JSONATA: {"Output"},
    },
    "Wait": {
        "both": {"Seconds", "Timestamp", "Assign"},
        JSONPATH: {"InputPath", "OutputPath", "SecondsPath", "TimestampPath"},
        JSONATA: {"Output"},
    },
    "Succeed": {
        "both": set(),
        JSONPATH: {"InputPath", "OutputPath"},
        JSONATA: {"Output"},
    },
    "Fail": {
        "both": {"Error", "Cause"},
        JSONPATH: {"ErrorPath", "CausePath"},
        JSONATA: set(),
    },
    "Parallel": {
        "both": {"Branches", "Assign", "Retry", "Catch"},
        JSONPATH: {"InputPath", "OutputPath", "Parameters", "ResultPath", "ResultSelector"},
        JSONATA: {"Arguments", "Output"},
    },
    "Map": {
        "both": {"ItemProcessor", "Iterator", "ItemReader", "ItemSelector", "ItemBatcher", "ResultWriter",
                 "MaxConcurrency", "ToleratedFailurePercentage", "ToleratedFailureCount", "Label", "Assign",
                 "Retry", "Catch"},
        JSONPATH: {"InputPath", "OutputPath", "ItemsPath", "Parameters", "ResultPath", "ResultSelector",
                   "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath"},
        JSONATA: {"Items", "Output"},
    },
}
STATE_TYPES = tuple(STATE_FIELDS)

# Required fields: each entry is a group of which at least one must be present.
REQUIRED_FIELDS = {
    "Task": (("Resource",),),
    "Choice": (("Choices",),),
    "Parallel": (("Branches",),),
    "Map": (("ItemProcessor", "Iterator"),),
    "Wait": (("Seconds", "Timestamp", "SecondsPath", "TimestampPath"),),
}

# Groups of fields of which a state may have at most one.
EXCLUSIVE_FIELDS = {
    "Task": (("TimeoutSeconds", "TimeoutSecondsPath"), ("HeartbeatSeconds", "HeartbeatSecondsPath")),
    "Wait": (("Seconds", "Timestamp", "SecondsPath", "TimestampPath"),),
    "Fail": (("Error", "ErrorPath"), ("Cause", "CausePath")),
    "Map": (("ItemProcessor", "Iterator"), ("ItemSelector", "Parameters"), ("MaxConcurrency", "MaxConcurrencyPath"),
            ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
            ("ToleratedFailureCount", "ToleratedFailureCountPath")),
}

# What a JSONPath field becomes under JSONata, for the message (the JSONata page of the
# developer guide: five JSONPath fields become Arguments and Output).
JSONATA_INSTEAD = {"Parameters": "Arguments", "InputPath": "Arguments", "ResultSelector": "Output",
                   "ResultPath": "Output", "OutputPath": "Output", "ItemsPath": "Items"}

RETRY_ALL = "States.ALL"  # the wildcard error name: alone, and in the last retrier or catcher

# Integration patterns, as the suffix of an `arn:aws:states:::service:action` resource.
REQUEST_RESPONSE, RUN_A_JOB, WAIT_FOR_CALLBACK = "request-response", ".sync", ".waitForTaskToken"
PATTERN_NAMES = {RUN_A_JOB: "Run a Job (.sync)", WAIT_FOR_CALLBACK: "Wait for Callback (.waitForTaskToken)"}

# The service part of `arn:aws:states:::<service>:...` -> the patterns it offers
# (the optimized integrations table; `aws-sdk` is "over two hundred services").
_RR, _SYNC, _WAIT = REQUEST_RESPONSE, RUN_A_JOB, WAIT_FOR_CALLBACK
SERVICE_PATTERNS = {
    "apigateway": {_RR, _WAIT},          # Amazon API Gateway
    "athena": {_RR, _SYNC},              # Amazon Athena
    "batch": {_RR, _SYNC},               # AWS Batch
    "bedrock": {_RR, _SYNC, _WAIT},      # Amazon Bedrock
    "codebuild": {_RR, _SYNC},           # AWS CodeBuild
    "dynamodb": {_RR},                   # Amazon DynamoDB
    "ecs": {_RR, _SYNC, _WAIT},          # Amazon ECS/Fargate
    "eks": {_RR, _SYNC, _WAIT},          # Amazon EKS
    "elasticmapreduce": {_RR, _SYNC},    # Amazon EMR
    "emr-containers": {_RR, _SYNC},      # Amazon EMR on EKS
    "emr-serverless": {_RR, _SYNC},      # Amazon EMR Serverless
    "events": {_RR, _WAIT},              # Amazon EventBridge
    "glue": {_RR, _SYNC},                # AWS Glue
    "databrew": {_RR, _SYNC},            # AWS Glue DataBrew
    "lambda": {_RR, _WAIT},              # AWS Lambda
    "mediaconvert": {_RR, _SYNC},        # AWS Elemental MediaConvert
    "sagemaker": {_RR, _SYNC},           # Amazon SageMaker
    "sns": {_RR, _WAIT},                 # Amazon SNS
    "sqs": {_RR, _WAIT},                 # Amazon SQS
    "states": {_RR, _SYNC, _WAIT},       # AWS Step Functions
    "http": {_RR},                       # HTTPS endpoints (HTTP Task)
    "aws-sdk": {_RR, _WAIT},             # AWS SDK integrations
}

# Express workflows offer Request Response only (integrate-optimized.html), and no
# activities or Distributed Map (the Standard vs Express table of AWS's serverless
# orchestration reference, https://raw.githubusercontent.com/aws/agent-toolkit-for-aws/main/skills/core-skills/aws-serverless/references/orchestration.md).
EXPRESS = "EXPRESS"
EXPRESS_PATTERNS = frozenset({REQUEST_RESPONSE})
