"""Facts of the Amazon States Language that the models read, as data.

Sources (as of 2026-12):
- the Amazon States Language specification, https://states-language.net/spec.html: Paths
  and Reference Paths (#path, #ref-paths), Timestamps (#timestamps), the intrinsic functions
  and their arguments (#intrinsic-functions, Appendix B #appendix-b), Choice rules and their
  operators (#choice-state), retriers (#retrying-after-error), the Map state's
  MaxConcurrency and failure tolerance (#map-state), top-level fields (#toplevelfields);
- "Wait workflow state", https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
  (Seconds is an integer from 0 to 99999999; the timestamp profile);
- "Intrinsic functions for JSONPath states in Step Functions",
  https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html (at most 10
  intrinsic functions in one field);
- "Using Map state in Distributed mode",
  https://docs.aws.amazon.com/step-functions/latest/dg/concepts-asl-use-map-state-distributed.html
  and "Using Map state in Inline mode",
  https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html (which fields
  each mode has);
- AWS CDK's ProcessorConfig (ExecutionType is required with Mode DISTRIBUTED),
  https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_stepfunctions.ProcessorConfig.html,
  and JitterType ("Values allowed in the retrier JitterStrategy field": FULL, NONE),
  https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_stepfunctions.JitterType.html;
- "Error handling" in Workflow Studio (a retrier and a catcher may have a Comment),
  https://docs.aws.amazon.com/step-functions/latest/dg/workflow-studio-process-error.html;
- "State machine structure", https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
  (top-level fields, QueryLanguage);
- "Integrating optimized services with Step Functions",
  https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
  (which integration pattern each service offers; Express offers Request Response only);
- "Service integration patterns", https://docs.aws.amazon.com/en_us/step-functions/latest/dg/connect-to-resource.html
  (the `arn:aws:states:::service:action[.pattern]` resource form).

The models read these tables, and so do the rules (`state_graph`, `state_fields`,
`integrations`, `state_values`), which hold no facts of their own: state types and their
fields, required and exclusive fields, transitions, integrations, below.
"""

from __future__ import annotations

JSONPATH, JSONATA = "JSONPath", "JSONata"
QUERY_LANGUAGES = (JSONPATH, JSONATA)

# The top level of a definition, and what a Parallel branch or a Map processor has of it.
MACHINE_FIELDS = frozenset({"Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"})
SCOPE_FIELDS = frozenset({"Comment", "StartAt", "States"})
BRANCH_FIELDS = SCOPE_FIELDS  # a Parallel branch's, and a Map Iterator's

# --------------------------------------------------------------------------- Choice rules
# The JSON type an operator's value must have. "path": a Path, applied to the state's input.
STRING, NUMBER, BOOLEAN, TIMESTAMP, PATH = "string", "number", "boolean", "timestamp", "path"
TYPE_WORDS = {STRING: "a string", NUMBER: "a number", BOOLEAN: "true or false",
              TIMESTAMP: "an RFC 3339 timestamp", PATH: "a path"}

_RELATIONS = ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
_ORDERED = {"String": STRING, "Numeric": NUMBER, "Timestamp": TIMESTAMP}
CHOICE_OPERATORS = {
    **{kind + relation: operand for kind, operand in _ORDERED.items() for relation in _RELATIONS},
    **{kind + relation + "Path": PATH for kind in _ORDERED for relation in _RELATIONS},
    "StringMatches": STRING,
    "BooleanEquals": BOOLEAN, "BooleanEqualsPath": PATH,
    "IsNull": BOOLEAN, "IsPresent": BOOLEAN, "IsNumeric": BOOLEAN, "IsString": BOOLEAN, "IsBoolean": BOOLEAN,
    "IsTimestamp": BOOLEAN,
}
CHOICE_COMBINATORS = ("And", "Or", "Not")
# A JSONPath rule's other fields (Next only in the rules of Choices), and a JSONata rule's.
JSONPATH_RULE_FIELDS = frozenset({"Variable", "Next", "Assign", "Comment"})
JSONATA_RULE_FIELDS = frozenset({"Condition", "Next", "Assign", "Output", "Comment"})

# --------------------------------------------------------------------------- intrinsic functions
# Name -> (fewest, most) arguments; None: no upper bound. States.MathRandom's seed is optional.
INTRINSIC_FUNCTIONS = {
    "States.Format": (1, None),
    "States.StringToJson": (1, 1),
    "States.JsonToString": (1, 1),
    "States.Array": (0, None),
    "States.ArrayPartition": (2, 2),
    "States.ArrayContains": (2, 2),
    "States.ArrayRange": (3, 3),
    "States.ArrayGetItem": (2, 2),
    "States.ArrayLength": (1, 1),
    "States.ArrayUnique": (1, 1),
    "States.Base64Encode": (1, 1),
    "States.Base64Decode": (1, 1),
    "States.Hash": (2, 2),
    "States.JsonMerge": (3, 3),
    "States.MathRandom": (2, 3),
    "States.MathAdd": (2, 2),
    "States.StringSplit": (2, 2),
    "States.UUID": (0, 0),
}
INTRINSIC_FUNCTIONS_PER_FIELD = 10
HASH_ALGORITHMS = ("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512")

# --------------------------------------------------------------------------- paths
# JSONPath fields of a state that hold a Path (null allowed where marked) or a Reference Path.
PATH_FIELDS = {"InputPath": True, "OutputPath": True}  # field -> null allowed
REFERENCE_PATH_FIELDS = {"ResultPath": True, "ItemsPath": False, "TimeoutSecondsPath": False,
                         "HeartbeatSecondsPath": False, "SecondsPath": False, "TimestampPath": False,
                         "MaxConcurrencyPath": False, "ToleratedFailurePercentagePath": False,
                         "ToleratedFailureCountPath": False}
# A Fail state's ErrorPath and CausePath: a Reference Path or an intrinsic function.
PATH_OR_INTRINSIC_FIELDS = ("ErrorPath", "CausePath")
# Payload templates, whose fields ending in ".$" hold a Path or an intrinsic function, and
# where they sit below a state (Result is a literal: its ".$" fields are not processed).
PAYLOAD_TEMPLATES = (("Parameters",), ("ResultSelector",), ("ItemSelector",), ("Assign",), ("Credentials",),
                     ("ItemReader", "Parameters"), ("ResultWriter", "Parameters"), ("ItemBatcher", "BatchInput"))

# --------------------------------------------------------------------------- Retry and Catch
RETRIER_FIELDS = frozenset({"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                            "JitterStrategy", "Comment"})
CATCHER_FIELDS = frozenset({"ErrorEquals", "Next", "ResultPath", "Assign", "Output", "Comment"})
# Field -> (JSON type, least value): integers or numbers of at least that value.
INTEGER = "integer"
RETRIER_BOUNDS = {"IntervalSeconds": (INTEGER, 1), "MaxAttempts": (INTEGER, 0), "MaxDelaySeconds": (INTEGER, 1),
                  "BackoffRate": (NUMBER, 1.0)}
JITTER_STRATEGIES = ("FULL", "NONE")

# --------------------------------------------------------------------------- numbers of states
# Field -> (JSON type, least, most); most None: no bound documented.
STATE_BOUNDS = {
    "Task": {"TimeoutSeconds": (INTEGER, 1, None), "HeartbeatSeconds": (INTEGER, 1, None)},
    "Wait": {"Seconds": (INTEGER, 0, 99999999)},
    "Map": {"MaxConcurrency": (INTEGER, 0, None), "ToleratedFailurePercentage": (NUMBER, 0, 100),
            "ToleratedFailureCount": (INTEGER, 0, None)},
}

# --------------------------------------------------------------------------- Map modes
INLINE, DISTRIBUTED = "INLINE", "DISTRIBUTED"
MAP_MODES = (INLINE, DISTRIBUTED)
MAP_EXECUTION_TYPES = ("STANDARD", "EXPRESS")
# Fields only a Distributed Map has (the Distributed mode page lists them, the Inline one not).
DISTRIBUTED_ONLY_FIELDS = ("ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
                           "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath",
                           "Label")

# --------------------------------------------------------------------------- states, transitions, integrations

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
